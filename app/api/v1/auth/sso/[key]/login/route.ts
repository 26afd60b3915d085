import { redirect } from "next/navigation";
import { startTenantSsoSignIn } from "@/lib/auth/tenant-auth";
import { tenantKeyOfProvider } from "@/lib/auth/tenant-sso-provider";
import { getSettings } from "@/lib/config/load-settings";
import { normalizeLoginIdentifier } from "@/lib/auth/login-identifier";
import { getDb } from "@/db/instance";
import { secretKey } from "@/lib/crypto/secret-box";
import { cachedTenantSso } from "@/lib/sso/tenant-sso-cache";
import { loadTenantSsoForSignIn } from "@/lib/sso/tenant-sso-config";
import { startSignInWatchingIdp } from "@/lib/web/idp-sign-in-start";

export const dynamic = "force-dynamic";

/** Starts a tenant's SSO sign-in (`t-<key>`), passing the e-mail on as `login_hint`. */
export async function GET(request: Request, { params }: { params: Promise<{ key: string }> }) {
  const { key } = await params;
  const tenantKey = tenantKeyOfProvider(`t-${key}`);
  const settings = getSettings();
  const keys = [secretKey(settings.secretEncryptionKey)];
  if (!tenantKey || !(await cachedTenantSso(tenantKey, () => loadTenantSsoForSignIn(getDb(), tenantKey, keys)))) redirect("/login?error=sso_unavailable");
  const hint = normalizeLoginIdentifier(new URL(request.url).searchParams.get("login_hint"));
  return startSignInWatchingIdp(() => startTenantSsoSignIn(tenantKey, hint, `${settings.appBaseUrl}/auth/callback`), `/api/v1/auth/sso/${tenantKey}/login`);
}
