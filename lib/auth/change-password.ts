import { eq } from "drizzle-orm";
import type { Database } from "@/db/client";
import { passwordCredentials, sessions } from "@/db/schema";
import { recordAuditEvent } from "@/lib/audit/record-audit-event";
import type { Clock } from "@/lib/time/clock";
import { messageFor } from "@/lib/errors/user-messages";
import { hashPassword, verifyPassword } from "./password-hash";
import { checkNewPassword } from "./password-policy";
import { createSession, type NewSession } from "./sessions";

export type ChangePasswordResult =
  | { ok: true; session: NewSession }
  | { ok: false; code: "passwords_do_not_match" | "weak_password" | "no_password_credential"; message?: string };

/**
 * Sets a new password for the signed-in user (the forced change after first sign-in goes through here). Every
 * session of the user ends, including the one used to change it, and a fresh session is returned: whoever knew
 * the old password is signed out everywhere.
 */
export async function changePassword(
  db: Database,
  input: { userId: string; tenantId: string | null; newPassword: unknown; confirmation: unknown; clientIp: string },
  clock: Clock,
): Promise<ChangePasswordResult> {
  const [credential] = await db
    .select({ login: passwordCredentials.login, hash: passwordCredentials.hash })
    .from(passwordCredentials)
    .where(eq(passwordCredentials.userId, input.userId));
  if (!credential) return { ok: false, code: "no_password_credential" };

  const newPassword = typeof input.newPassword === "string" ? input.newPassword : "";
  const problem = checkNewPassword(newPassword, { login: credential.login });
  if (problem) return { ok: false, code: "weak_password", message: problem };
  if (newPassword !== input.confirmation) return { ok: false, code: "passwords_do_not_match" };
  if (await verifyPassword(newPassword, credential.hash))
    return { ok: false, code: "weak_password", message: messageFor("password_same_as_current") };

  const hash = await hashPassword(newPassword);
  const session = await db.transaction(async (tx) => {
    await tx
      .update(passwordCredentials)
      .set({ hash, mustChange: false, changedAt: clock.now() })
      .where(eq(passwordCredentials.userId, input.userId));
    await tx.delete(sessions).where(eq(sessions.userId, input.userId));
    return createSession(tx as unknown as Database, { userId: input.userId, tenantId: input.tenantId }, clock);
  });
  await recordAuditEvent(
    db,
    {
      kind: "password.changed",
      outcome: "success",
      actor: { type: "user", id: input.userId, label: credential.login },
      tenantId: input.tenantId,
      clientIp: input.clientIp,
    },
    clock,
  );
  return { ok: true, session };
}
