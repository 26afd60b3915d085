import { eq } from "drizzle-orm";
import type { Database } from "@/db/client";
import { isUniqueViolation } from "@/db/unique-violation";
import { passwordCredentials, tenantInvitations, tenantMemberships, users } from "@/db/schema";
import { recordAuditEvent } from "@/lib/audit/record-audit-event";
import { passwordAllowedFor, type AuthPolicy } from "@/lib/auth/auth-policy";
import { cleanName } from "@/lib/auth/oidc-identity";
import { hashPassword } from "@/lib/auth/password-hash";
import { checkNewPassword } from "@/lib/auth/password-policy";
import { createSession, type NewSession } from "@/lib/auth/sessions";
import type { Clock } from "@/lib/time/clock";
import { claimableInvitation, findInvitation } from "./invitations";

export type AcceptWithPasswordResult =
  | { ok: true; session: NewSession; tenantId: string }
  | { ok: false; code: "invitation_invalid" | "invitation_used" | "invitation_expired" | "invitation_revoked" | "password_not_allowed" | "account_exists" }
  | { ok: false; code: "invalid_input"; field: "name" | "password" | "confirmation"; message: string };

/**
 * The invited person has no account yet and chooses a password: user (with the invited e-mail as login), password,
 * membership with the invited role, the invitation consumed and a session — all or nothing. Under
 * AUTH_POLICY=restricted there are no new password accounts: the invitee signs in with Microsoft instead.
 */
export async function acceptInvitationWithPassword(
  db: Database,
  input: { token: string; name: unknown; password: unknown; confirmation: unknown; clientIp: string },
  policy: AuthPolicy,
  clock: Clock,
): Promise<AcceptWithPasswordResult> {
  const found = await findInvitation(db, input.token, clock);
  if (!found.ok) return found;
  const { invitation } = found;
  if (!passwordAllowedFor(policy, invitation.email)) return { ok: false, code: "password_not_allowed" };
  const name = cleanName(input.name);
  if (!name) return { ok: false, code: "invalid_input", field: "name", message: "Enter your name." };
  const password = typeof input.password === "string" ? input.password : "";
  const weak = checkNewPassword(password, { login: invitation.email });
  if (weak) return { ok: false, code: "invalid_input", field: "password", message: weak };
  if (input.confirmation !== password) return { ok: false, code: "invalid_input", field: "confirmation", message: "The two passwords do not match." };

  const [holder] = await db.select({ id: users.id }).from(users).where(eq(users.email, invitation.email));
  const [loginTaken] = await db.select({ id: passwordCredentials.userId }).from(passwordCredentials).where(eq(passwordCredentials.login, invitation.email));
  if (holder || loginTaken) return { ok: false, code: "account_exists" };

  const hash = await hashPassword(password);
  const userId = await db
    .transaction(async (tx) => {
      const [claimed] = await tx
        .update(tenantInvitations)
        .set({ acceptedAt: clock.now() })
        .where(claimableInvitation(invitation.id, clock.now()))
        .returning({ id: tenantInvitations.id });
      if (!claimed) return undefined;
      const [user] = await tx.insert(users).values({ name, email: invitation.email, createdAt: clock.now() }).returning({ id: users.id });
      await tx.insert(passwordCredentials).values({ userId: user!.id, login: invitation.email, hash, changedAt: clock.now() });
      await tx.insert(tenantMemberships).values({ userId: user!.id, tenantId: invitation.tenantId, role: invitation.role, createdAt: clock.now() });
      await tx.update(tenantInvitations).set({ acceptedByUserId: user!.id }).where(eq(tenantInvitations.id, invitation.id));
      return user!.id;
    })
    .catch((error: unknown) => {
      if (isUniqueViolation(error)) return null; // someone took the address in between
      throw error;
    });
  if (userId === null) return { ok: false, code: "account_exists" };
  if (userId === undefined) return { ok: false, code: "invitation_used" };

  const session = await createSession(db, { userId, tenantId: invitation.tenantId }, clock);
  await recordAuditEvent(
    db,
    {
      kind: "invitation.accepted",
      outcome: "success",
      actor: { type: "user", id: userId, label: invitation.email },
      tenantId: invitation.tenantId,
      clientIp: input.clientIp,
      detail: { invitation: invitation.id, role: invitation.role, method: "password" },
    },
    clock,
  );
  return { ok: true, session, tenantId: invitation.tenantId };
}
