import { and, eq, gt, isNull } from "drizzle-orm";
import type { Database } from "@/db/client";
import { passwordCredentials, passwordResetTokens, sessions } from "@/db/schema";
import { recordAuditEvent } from "@/lib/audit/record-audit-event";
import type { Clock } from "@/lib/time/clock";
import { hashPassword } from "./password-hash";
import { checkNewPassword } from "./password-policy";
import { findResetToken, type ResetTokenLookup } from "./password-reset-token";
import { accountBucket, clearBucket } from "./sign-in-throttle";

export type PasswordResetResult =
  | { ok: true; sessionsEnded: number }
  | { ok: false; code: "reset_link_invalid" | "reset_link_used" | "reset_link_expired" | "passwords_do_not_match" }
  | { ok: false; code: "weak_password"; message: string };

/**
 * `/reset-password/<token>`: sets the new password, uses up the link (and every other pending link of the account)
 * and ends every session of the account, in one transaction. The link is claimed with a conditional UPDATE, so two
 * tabs racing on one link cannot both set a password. The account's sign-in lock is lifted: the person has just
 * proved they read its mail.
 */
export async function resetPassword(
  db: Database,
  input: { token: unknown; newPassword: unknown; confirmation: unknown; clientIp: string },
  clock: Clock,
): Promise<PasswordResetResult> {
  const refuse = async (code: "reset_link_invalid" | "reset_link_used" | "reset_link_expired", userId?: string) => {
    await recordAuditEvent(
      db,
      { kind: "password_reset.completed", outcome: "failure", actor: { type: userId ? "user" : "anonymous", id: userId }, clientIp: input.clientIp, detail: { reason: code } },
      clock,
    );
    return { ok: false as const, code };
  };
  const found = await findResetToken(db, input.token, clock);
  if (!found.ok) return refuse(found.code, found.userId);
  const [credential] = await db.select({ login: passwordCredentials.login }).from(passwordCredentials).where(eq(passwordCredentials.userId, found.userId));
  if (!credential) return refuse("reset_link_invalid", found.userId);

  const newPassword = typeof input.newPassword === "string" ? input.newPassword : "";
  const problem = checkNewPassword(newPassword, { login: credential.login });
  if (problem) return { ok: false, code: "weak_password", message: problem };
  if (newPassword !== input.confirmation) return { ok: false, code: "passwords_do_not_match" };

  const hash = await hashPassword(newPassword);
  const now = clock.now();
  const sessionsEnded = await db.transaction(async (tx) => {
    const [claimed] = await tx
      .update(passwordResetTokens)
      .set({ usedAt: now })
      .where(and(eq(passwordResetTokens.id, found.id), isNull(passwordResetTokens.usedAt), gt(passwordResetTokens.expiresAt, now)))
      .returning({ id: passwordResetTokens.id });
    if (!claimed) return undefined;
    await tx
      .update(passwordResetTokens)
      .set({ usedAt: now })
      .where(and(eq(passwordResetTokens.userId, found.userId), isNull(passwordResetTokens.usedAt)));
    await tx.update(passwordCredentials).set({ hash, mustChange: false, changedAt: now }).where(eq(passwordCredentials.userId, found.userId));
    const ended = await tx.delete(sessions).where(eq(sessions.userId, found.userId)).returning({ t: sessions.sessionToken });
    return ended.length;
  });
  if (sessionsEnded === undefined) return refuse("reset_link_used", found.userId);
  await clearBucket(db, accountBucket(credential.login));
  await recordAuditEvent(
    db,
    { kind: "password_reset.completed", outcome: "success", actor: { type: "user", id: found.userId, label: credential.login }, clientIp: input.clientIp, detail: { sessionsEnded } },
    clock,
  );
  return { ok: true, sessionsEnded };
}

/**
 * Opening the mailed link: the account's login for the form while the link is good; otherwise why not, and that
 * refusal is audited (an invalid, used or expired link is often someone trying an old or a guessed one).
 */
export async function openResetLink(
  db: Database,
  input: { token: unknown; clientIp: string },
  clock: Clock,
): Promise<{ ok: true; login: string } | Extract<ResetTokenLookup, { ok: false }>> {
  const found = await findResetToken(db, input.token, clock);
  const [credential] = found.ok
    ? await db.select({ login: passwordCredentials.login }).from(passwordCredentials).where(eq(passwordCredentials.userId, found.userId))
    : [];
  if (found.ok && credential) return { ok: true, login: credential.login };
  const refusal = found.ok ? { ok: false as const, code: "reset_link_invalid" as const, userId: found.userId } : found;
  await recordAuditEvent(
    db,
    {
      kind: "password_reset.link_refused",
      outcome: "failure",
      actor: { type: refusal.userId ? "user" : "anonymous", id: refusal.userId },
      clientIp: input.clientIp,
      detail: { reason: refusal.code },
    },
    clock,
  );
  return refusal;
}
