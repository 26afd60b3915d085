import { getSettings } from "@/lib/config/load-settings";
import { messageFor } from "@/lib/errors/user-messages";
import { PLATFORM_MICROSOFT_PROVIDER_ID } from "@/lib/auth/platform-microsoft-sign-in";
import { tenantSignIn } from "@/lib/auth/tenant-auth";
import { startSignInWatchingIdp } from "@/lib/web/idp-sign-in-start";

export const dynamic = "force-dynamic";

/** Starts the platform "Sign in with Microsoft": PKCE, state and nonce cookies, then a redirect to Entra's /common. */
export async function GET() {
  const settings = getSettings();
  if (!settings.platformMicrosoft) return Response.json({ error: "not_found", message: messageFor("microsoft_not_configured") }, { status: 404 });
  return startSignInWatchingIdp(() => tenantSignIn(PLATFORM_MICROSOFT_PROVIDER_ID, { redirectTo: `${settings.appBaseUrl}/auth/callback` }), "/api/v1/auth/microsoft/login");
}
