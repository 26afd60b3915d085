"use server";

import { redirect } from "next/navigation";
import { getDb } from "@/db/instance";
import { changePassword } from "@/lib/auth/change-password";
import { getSettings } from "@/lib/config/load-settings";
import { messageFor } from "@/lib/errors/user-messages";
import { systemClock } from "@/lib/time/clock";
import { getClientIp } from "@/lib/web/client-ip";
import { getSignedInUser } from "@/lib/web/current-user";
import { setSessionCookie } from "@/lib/web/session-cookie";

export type ChangePasswordState = { error?: string; field?: "password" | "confirmation" };

export async function changePasswordAction(_previous: ChangePasswordState, form: FormData): Promise<ChangePasswordState> {
  const user = await getSignedInUser();
  if (!user) redirect("/login");
  const result = await changePassword(
    getDb(),
    {
      userId: user.id,
      tenantId: user.tenant?.id ?? null,
      newPassword: form.get("password"),
      confirmation: form.get("confirmation"),
      clientIp: await getClientIp(),
    },
    systemClock,
  );
  if (!result.ok) {
    if (result.code === "passwords_do_not_match") return { error: messageFor(result.code), field: "confirmation" };
    if (result.code === "weak_password") return { error: result.message, field: "password" };
    redirect("/");
  }
  await setSessionCookie(result.session);
  redirect(`${getSettings().appBaseUrl}/auth/callback`);
}
