import type { NextRequest } from "next/server";
import { getSettings } from "@/lib/config/load-settings";
import { messageFor } from "@/lib/errors/user-messages";
import { PLATFORM_MICROSOFT_PROVIDER_ID } from "@/lib/auth/platform-microsoft-sign-in";
import { tenantSignIn } from "@/lib/auth/tenant-auth";
import { startSignInWatchingIdp } from "@/lib/web/idp-sign-in-start";

export const dynamic = "force-dynamic";

/** Pages a sign-in may return to instead of the landing page: only an invitation link (nothing open-ended). */
const RETURNABLE = /^\/invite\/[A-Za-z0-9_-]{43}$/;

/** Starts the platform "Sign in with Microsoft": PKCE, state and nonce cookies, then a redirect to Entra's /common. */
export async function GET(request: NextRequest) {
  const settings = getSettings();
  if (!settings.platformMicrosoft) return Response.json({ error: "not_found", message: messageFor("microsoft_not_configured") }, { status: 404 });
  const returnTo = request.nextUrl.searchParams.get("return_to");
  const target = returnTo && RETURNABLE.test(returnTo) ? `${settings.apiPublicUrl}${returnTo}` : `${settings.appBaseUrl}/auth/callback`;
  return startSignInWatchingIdp(() => tenantSignIn(PLATFORM_MICROSOFT_PROVIDER_ID, { redirectTo: target }), "/api/v1/auth/microsoft/login");
}
