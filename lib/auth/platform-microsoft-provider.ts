import { customFetch } from "next-auth";
import MicrosoftEntraID from "next-auth/providers/microsoft-entra-id";
import type { Settings } from "@/lib/config/settings";
import { idpFetch } from "@/lib/oidc/idp-fetch";
import { PLATFORM_MICROSOFT_PROVIDER_ID } from "./platform-microsoft-sign-in";

/**
 * The platform's multi-tenant Entra app on `/common`. The provider id must stay `microsoft-entra-id`: Auth.js only
 * re-discovers the token's own tenant (Microsoft's `{tenantid}` issuer) for that id. The stock profile's Graph
 * photo call and the storage of Entra's tokens are switched off; the account key is `tid:oid`. Calls to Entra go
 * through idpFetch, which caches discovery documents across sign-ins.
 */
export function platformMicrosoftProvider(settings: Settings) {
  const app = settings.platformMicrosoft!;
  const issuer = `${settings.msAuthorityHost}/common/v2.0`;
  const provider = MicrosoftEntraID({
    clientId: app.clientId,
    clientSecret: app.clientSecret,
    issuer,
    authorization: { params: { scope: "openid profile email", prompt: "select_account" } },
    checks: ["pkce", "state", "nonce"],
    profile: (claims) => ({
      id: `${claims.tid}:${claims.oid}`,
      name: typeof claims.name === "string" ? claims.name : null,
      email: typeof claims.email === "string" ? claims.email.toLowerCase() : null,
    }),
    account: () => ({}),
    allowDangerousEmailAccountLinking: false,
  });
  // Auth.js keeps this provider's own fetch (it fills in the `{tenantid}` of /common's issuer) over one passed in
  // the options, so the cache wraps that one.
  provider[customFetch] = idpFetch(provider[customFetch], issuer);
  return provider;
}

export { PLATFORM_MICROSOFT_PROVIDER_ID };
