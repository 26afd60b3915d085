import { eq } from "drizzle-orm";
import type { Database } from "@/db/client";
import { passwordCredentials, passwordResetTokens } from "@/db/schema";
import { recordAuditEvent } from "@/lib/audit/record-audit-event";
import { MAIL_TEXTS } from "@/lib/errors/user-messages";
import type { Mailer } from "@/lib/mail/mailer";
import type { Clock } from "@/lib/time/clock";
import { cleanEmail } from "./oidc-identity";
import { PASSWORD_RESET_TTL_MS, newResetToken } from "./password-reset-token";
import { lockedUntil, recordFailure, type ThrottleRule } from "./sign-in-throttle";

/**
 * "Forgot password?": mails a single-use link to the address when it is the login of a password account. The
 * answer is the same whether or not such an account exists — and so is its timing, since the mail is sent after
 * the answer (`delivery` is for tests and logs; the page does not wait for it).
 *
 * Requests are counted per address and per client address in the database (the sign-in throttle's table, under
 * buckets of their own), for accounts that exist and ones that do not alike, so the limit reveals nothing either.
 */
export const RESET_ADDRESS_RULE: ThrottleRule = { limit: 3, windowMs: 15 * 60_000, lockMs: 15 * 60_000 };
export const RESET_CLIENT_RULE: ThrottleRule = { limit: 20, windowMs: 15 * 60_000, lockMs: 15 * 60_000 };
export const resetAddressBucket = (email: string) => `password_reset:account:${email}`;
export const resetClientBucket = (clientIp: string) => `password_reset:ip:${clientIp}`;

export type PasswordResetRequestResult =
  | { ok: true; delivery: Promise<void> }
  | { ok: false; code: "reset_email_invalid" }
  | { ok: false; code: "password_reset_throttled"; lockedUntil: Date };

export async function requestPasswordReset(
  db: Database,
  mailer: Mailer,
  input: { email: unknown; clientIp: string; resetUrl: (token: string) => string },
  clock: Clock,
): Promise<PasswordResetRequestResult> {
  const email = cleanEmail(input.email);
  if (!email) return { ok: false, code: "reset_email_invalid" };
  const audit = (outcome: "success" | "failure", actor: { id?: string }, detail: Record<string, unknown>) =>
    recordAuditEvent(
      db,
      { kind: "password_reset.requested", outcome, actor: { type: actor.id ? "user" : "anonymous", id: actor.id, label: email }, clientIp: input.clientIp, detail },
      clock,
    );

  const buckets = [resetAddressBucket(email), resetClientBucket(input.clientIp)];
  const locked = await lockedUntil(db, buckets, clock);
  if (locked) {
    await audit("failure", {}, { reason: "throttled" });
    return { ok: false, code: "password_reset_throttled", lockedUntil: locked };
  }
  await recordFailure(db, buckets[0]!, RESET_ADDRESS_RULE, clock);
  await recordFailure(db, buckets[1]!, RESET_CLIENT_RULE, clock);

  const [credential] = await db.select({ userId: passwordCredentials.userId }).from(passwordCredentials).where(eq(passwordCredentials.login, email));
  if (!credential) {
    await audit("failure", {}, { reason: "no_password_account" });
    return { ok: true, delivery: Promise.resolve() };
  }

  const { token, tokenHash } = newResetToken();
  await db.insert(passwordResetTokens).values({
    userId: credential.userId,
    tokenHash,
    expiresAt: new Date(clock.now().getTime() + PASSWORD_RESET_TTL_MS),
    createdAt: clock.now(),
  });
  await audit("success", { id: credential.userId }, {});
  const mail = MAIL_TEXTS.passwordReset({ link: input.resetUrl(token), minutes: PASSWORD_RESET_TTL_MS / 60_000 });
  const delivery = mailer.send({ to: email, ...mail }).catch((error: unknown) => {
    // Never the link: only that this address's mail did not go.
    console.error(`The password reset mail to ${email} could not be sent: ${error instanceof Error ? error.message : String(error)}`);
  });
  return { ok: true, delivery };
}
