import { and, eq } from "drizzle-orm";
import type { Database } from "@/db/client";
import { tenantInvitations, tenantMemberships, tenants, users } from "@/db/schema";
import { recordAuditEvent } from "@/lib/audit/record-audit-event";
import { cleanEmail } from "@/lib/auth/oidc-identity";
import type { Clock } from "@/lib/time/clock";
import { INVITATION_TTL_DAYS, newInvitationToken } from "./invitations";

export type InviteMemberInput = {
  /** The admin's tenant, from their session. */
  tenantId: string;
  email: unknown;
  role: unknown;
  actor: { id: string; label: string | null };
  clientIp: string;
};

export type InviteMemberRefusal = "invite_email_invalid" | "role_invalid" | "already_member";

export type InviteMemberResult =
  | { ok: true; token: string; email: string; role: "admin" | "member"; tenantName: string; expiresAt: Date }
  | { ok: false; code: InviteMemberRefusal; reference: string };

/**
 * A workspace admin invites someone by e-mail (Settings → Users): a single-use link valid 7 days, for the role the
 * admin chose. The token is returned once, to be mailed and shown; only its hash is kept. Someone who already
 * belongs to the workspace is not invited again. Audited with the admin as actor, refusals too.
 */
export async function inviteMember(db: Database, input: InviteMemberInput, clock: Clock): Promise<InviteMemberResult> {
  const email = cleanEmail(input.email);
  const role = input.role === "admin" || input.role === "member" ? input.role : null;
  const refuse = async (code: InviteMemberRefusal): Promise<InviteMemberResult> => {
    const reference = await recordAuditEvent(
      db,
      {
        kind: "invitation.created",
        outcome: "failure",
        actor: { type: "user", id: input.actor.id, label: input.actor.label },
        tenantId: input.tenantId,
        clientIp: input.clientIp,
        detail: { email: email ?? null, reason: code },
      },
      clock,
    );
    return { ok: false, code, reference };
  };
  if (!email) return refuse("invite_email_invalid");
  if (!role) return refuse("role_invalid");
  const [member] = await db
    .select({ userId: tenantMemberships.userId })
    .from(tenantMemberships)
    .innerJoin(users, eq(users.id, tenantMemberships.userId))
    .where(and(eq(tenantMemberships.tenantId, input.tenantId), eq(users.email, email)))
    .limit(1);
  if (member) return refuse("already_member");

  const { token, tokenHash } = newInvitationToken();
  const expiresAt = new Date(clock.now().getTime() + INVITATION_TTL_DAYS * 24 * 60 * 60 * 1000);
  const tenantName = await db.transaction(async (tx) => {
    const [tenant] = await tx.select({ name: tenants.name }).from(tenants).where(eq(tenants.id, input.tenantId));
    const [created] = await tx
      .insert(tenantInvitations)
      .values({ tenantId: input.tenantId, email, role, tokenHash, expiresAt, createdAt: clock.now() })
      .returning({ id: tenantInvitations.id });
    await recordAuditEvent(
      tx as unknown as Database,
      {
        kind: "invitation.created",
        outcome: "success",
        actor: { type: "user", id: input.actor.id, label: input.actor.label },
        tenantId: input.tenantId,
        clientIp: input.clientIp,
        detail: { invitation: created!.id, email, role, expiresAt: expiresAt.toISOString() },
      },
      clock,
    );
    return tenant!.name;
  });
  return { ok: true, token, email, role, tenantName, expiresAt };
}
