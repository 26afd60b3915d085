"use server";

import { getDb } from "@/db/instance";
import { requestPasswordReset } from "@/lib/auth/password-reset-request";
import { getSettings } from "@/lib/config/load-settings";
import { messageFor, passwordResetThrottledMessage } from "@/lib/errors/user-messages";
import { isDatabaseUnavailable, reportDatabaseFailure } from "@/lib/health/database-failure";
import { mailerFor } from "@/lib/mail/mailer-for-settings";
import { systemClock } from "@/lib/time/clock";
import { getClientIp } from "@/lib/web/client-ip";

export type ForgotPasswordState = { email: string; sent?: string; error?: string };

/** "Forgot password?": the same answer for every valid address; the mail goes out after the answer. */
export async function forgotPasswordAction(_previous: ForgotPasswordState, form: FormData): Promise<ForgotPasswordState> {
  const typed = String(form.get("email") ?? "").slice(0, 1000);
  const settings = getSettings();
  try {
    const result = await requestPasswordReset(
      getDb(),
      mailerFor(settings),
      { email: typed, clientIp: await getClientIp(), resetUrl: (token) => `${settings.apiPublicUrl}/reset-password/${token}` },
      systemClock,
    );
    if (result.ok) return { email: typed, sent: messageFor("password_reset_requested") };
    if (result.code === "password_reset_throttled") return { email: typed, error: passwordResetThrottledMessage(result.lockedUntil, systemClock.now()) };
    return { email: typed, error: messageFor(result.code) };
  } catch (error) {
    if (!isDatabaseUnavailable(error)) throw error;
    reportDatabaseFailure();
    return { email: typed, error: messageFor("database_unavailable") };
  }
}
