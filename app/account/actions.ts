"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { getDb } from "@/db/instance";
import { changeOwnPassword } from "@/lib/account/change-own-password";
import { endOtherSessions } from "@/lib/account/end-other-sessions";
import { messageFor, throttledMessage } from "@/lib/errors/user-messages";
import { systemClock } from "@/lib/time/clock";
import { getClientIp } from "@/lib/web/client-ip";
import { getSignedInUser } from "@/lib/web/current-user";
import { readSessionToken, setSessionCookie } from "@/lib/web/session-cookie";

export type AccountFormState = { done?: string; error?: string; field?: "current" | "password" | "confirmation" };

export async function changeOwnPasswordAction(_previous: AccountFormState, form: FormData): Promise<AccountFormState> {
  const user = await getSignedInUser();
  if (!user) redirect("/login");
  const result = await changeOwnPassword(
    getDb(),
    {
      userId: user.id,
      tenantId: user.tenant?.id ?? null,
      currentPassword: form.get("current"),
      newPassword: form.get("password"),
      confirmation: form.get("confirmation"),
      clientIp: await getClientIp(),
    },
    systemClock,
  );
  if (result.ok) {
    // Every session ended with the change; this browser continues on the fresh one. A redirect, so that the page is
    // rendered by a new request carrying the new cookie (a re-render of this one would still read the ended session).
    await setSessionCookie(result.session);
    redirect("/account?changed=password");
  }
  switch (result.code) {
    case "current_password_incorrect":
      return { error: messageFor(result.code), field: "current" };
    case "throttled":
      return { error: throttledMessage(result.lockedUntil, systemClock.now()), field: "current" };
    case "weak_password":
      return { error: result.message, field: "password" };
    case "passwords_do_not_match":
      return { error: messageFor(result.code), field: "confirmation" };
    default:
      return { error: messageFor("access_denied") };
  }
}

export async function endOtherSessionsAction(): Promise<AccountFormState> {
  const user = await getSignedInUser();
  const sessionToken = await readSessionToken();
  if (!user || !sessionToken) redirect("/login");
  await endOtherSessions(getDb(), { userId: user.id, currentSessionToken: sessionToken, tenantId: user.tenant?.id ?? null, clientIp: await getClientIp() }, systemClock);
  revalidatePath("/account");
  return { done: messageFor("other_sessions_ended") };
}
