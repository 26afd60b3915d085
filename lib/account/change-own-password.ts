import { eq } from "drizzle-orm";
import type { Database } from "@/db/client";
import { passwordCredentials } from "@/db/schema";
import { recordAuditEvent } from "@/lib/audit/record-audit-event";
import { changePassword, type ChangePasswordResult } from "@/lib/auth/change-password";
import { verifyPassword } from "@/lib/auth/password-hash";
import { ACCOUNT_RULE, accountBucket, lockedUntil, recordFailure } from "@/lib/auth/sign-in-throttle";
import type { Clock } from "@/lib/time/clock";

export type ChangeOwnPasswordResult =
  | ChangePasswordResult
  | { ok: false; code: "current_password_incorrect" }
  | { ok: false; code: "throttled"; lockedUntil: Date };

/**
 * "Change password" on /account: the current password first, then the same change as the forced one
 * (lib/auth/change-password.ts: the policy, every session ended, a fresh one returned). A wrong current password
 * counts against the account's sign-in throttle, so this form is no way around the sign-in form's limit.
 */
export async function changeOwnPassword(
  db: Database,
  input: { userId: string; tenantId: string | null; currentPassword: unknown; newPassword: unknown; confirmation: unknown; clientIp: string },
  clock: Clock,
): Promise<ChangeOwnPasswordResult> {
  const [credential] = await db
    .select({ login: passwordCredentials.login, hash: passwordCredentials.hash })
    .from(passwordCredentials)
    .where(eq(passwordCredentials.userId, input.userId));
  if (!credential) return { ok: false, code: "no_password_credential" };
  const bucket = accountBucket(credential.login);
  const locked = await lockedUntil(db, [bucket], clock);
  if (locked) return { ok: false, code: "throttled", lockedUntil: locked };
  const current = typeof input.currentPassword === "string" ? input.currentPassword : "";
  if (!current || !(await verifyPassword(current, credential.hash))) {
    await recordFailure(db, bucket, ACCOUNT_RULE, clock);
    await recordAuditEvent(
      db,
      { kind: "password.change_refused", outcome: "failure", actor: { type: "user", id: input.userId, label: credential.login }, tenantId: input.tenantId, clientIp: input.clientIp, detail: { reason: "current_password_incorrect" } },
      clock,
    );
    return { ok: false, code: "current_password_incorrect" };
  }
  return changePassword(db, { userId: input.userId, tenantId: input.tenantId, newPassword: input.newPassword, confirmation: input.confirmation, clientIp: input.clientIp }, clock);
}
