"use server";

import { getDb } from "@/db/instance";
import { resetPassword } from "@/lib/auth/password-reset";
import { messageFor } from "@/lib/errors/user-messages";
import { isDatabaseUnavailable, reportDatabaseFailure } from "@/lib/health/database-failure";
import { systemClock } from "@/lib/time/clock";
import { getClientIp } from "@/lib/web/client-ip";

export type ResetPasswordState = { done?: string; error?: string; field?: "password" | "confirmation" | "link" };

export async function resetPasswordAction(token: string, _previous: ResetPasswordState, form: FormData): Promise<ResetPasswordState> {
  try {
    const result = await resetPassword(
      getDb(),
      { token, newPassword: form.get("password"), confirmation: form.get("confirmation"), clientIp: await getClientIp() },
      systemClock,
    );
    if (result.ok) return { done: messageFor("password_reset_done") };
    if (result.code === "weak_password") return { error: result.message, field: "password" };
    if (result.code === "passwords_do_not_match") return { error: messageFor(result.code), field: "confirmation" };
    return { error: messageFor(result.code), field: "link" };
  } catch (error) {
    if (!isDatabaseUnavailable(error)) throw error;
    reportDatabaseFailure();
    return { error: messageFor("database_unavailable") };
  }
}
