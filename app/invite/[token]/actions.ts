"use server";

import { redirect } from "next/navigation";
import { getDb } from "@/db/instance";
import { authPolicyOf } from "@/lib/auth/auth-policy";
import { getSettings } from "@/lib/config/load-settings";
import { messageFor } from "@/lib/errors/user-messages";
import { acceptInvitation } from "@/lib/tenancy/invitations";
import { acceptInvitationWithPassword } from "@/lib/tenancy/accept-invitation-with-password";
import { systemClock } from "@/lib/time/clock";
import { getClientIp } from "@/lib/web/client-ip";
import { getSignedInUser } from "@/lib/web/current-user";
import { readSessionToken, setSessionCookie } from "@/lib/web/session-cookie";

export type InviteState = { error?: string; field?: "name" | "password" | "confirmation" };

/** A signed-in user accepts: they join the tenant with the invited role, and their session switches to it. */
export async function acceptAsSignedInAction(token: string): Promise<InviteState> {
  const user = await getSignedInUser();
  const sessionToken = await readSessionToken();
  if (!user || !sessionToken) redirect(`/invite/${encodeURIComponent(token)}`);
  if (user.mustChangePassword) redirect("/change-password");
  const result = await acceptInvitation(getDb(), { token, userId: user.id, sessionToken, clientIp: await getClientIp() }, systemClock);
  if (!result.ok) return { error: messageFor(result.code) };
  redirect(`${getSettings().appBaseUrl}/auth/callback`);
}

/** Someone without an account accepts by choosing a password (not under AUTH_POLICY=restricted). */
export async function acceptWithPasswordAction(token: string, _previous: InviteState, form: FormData): Promise<InviteState> {
  const settings = getSettings();
  const result = await acceptInvitationWithPassword(
    getDb(),
    { token, name: form.get("name"), password: form.get("password"), confirmation: form.get("confirmation"), clientIp: await getClientIp() },
    authPolicyOf(settings),
    systemClock,
  );
  if (!result.ok) return result.code === "invalid_input" ? { error: result.message, field: result.field } : { error: messageFor(result.code) };
  await setSessionCookie(result.session);
  redirect(`${settings.appBaseUrl}/auth/callback`);
}
