import { getSettings } from "@/lib/config/load-settings";
import { staffSignIn } from "@/lib/manage/staff-auth";
import { STAFF_PROVIDER_ID } from "@/lib/manage/staff-sign-in";
import { startSignInWatchingIdp } from "@/lib/web/idp-sign-in-start";
import { refusal } from "@/lib/web/json-body";

export const dynamic = "force-dynamic";

/** Starts a staff sign-in through the console's own Entra app (PKCE, state and nonce in the console's cookies). */
export async function GET() {
  const settings = getSettings();
  if (!settings.mgmtMicrosoft) return refusal("console_not_configured", 404);
  // Entra unreachable: back to the console's sign-in page, which says so and offers the button again.
  return startSignInWatchingIdp(
    () => staffSignIn(STAFF_PROVIDER_ID, { redirectTo: `${settings.mgmtPublicUrl}/manage` }),
    "/api/v1/manage/sign-in",
    `${settings.mgmtPublicUrl}/manage/sign-in?error=idp_unreachable`,
  );
}
