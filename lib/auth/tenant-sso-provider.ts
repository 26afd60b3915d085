import { customFetch } from "next-auth";
import MicrosoftEntraID from "next-auth/providers/microsoft-entra-id";
import type { Provider } from "next-auth/providers";
import { idpFetch } from "@/lib/oidc/idp-fetch";
import type { TenantSsoForSignIn } from "@/lib/sso/tenant-sso-config";

/**
 * A tenant's own identity provider as an Auth.js provider with id `t-<key>` (the redirect URI the tenant
 * registers is `{API_PUBLIC_URL}/api/v1/auth/callback/t-<key>`). Entra always uses the tenant-GUID issuer, never
 * /common; a generic OIDC issuer is used as given. Tokens are not stored; the account key is tid:oid or iss#sub.
 * Calls to the IdP go through idpFetch, which caches discovery documents across sign-ins.
 */
export function tenantSsoProvider(sso: TenantSsoForSignIn, authorityHost: string): Provider {
  const common = {
    id: `t-${sso.tenantKey}`,
    name: sso.tenantName,
    clientId: sso.clientId,
    clientSecret: sso.clientSecret,
    checks: ["pkce", "state", "nonce"] as ("pkce" | "state" | "nonce")[],
    account: () => ({}),
    allowDangerousEmailAccountLinking: false,
  };
  if (sso.kind === "entra") {
    const issuer = `${authorityHost}/${sso.entraTenantId}/v2.0`;
    const provider = MicrosoftEntraID({
      ...common,
      issuer,
      authorization: { params: { scope: "openid profile email" } },
      profile: (claims) => ({ id: `${claims.tid}:${claims.oid}`, name: claims.name ?? null, email: claims.email?.toLowerCase() ?? null }),
    });
    // Auth.js keeps the Entra provider's own fetch over one passed in the options, so the cache wraps that one.
    provider[customFetch] = idpFetch(provider[customFetch], issuer);
    return provider;
  }
  return {
    ...common,
    [customFetch]: idpFetch(),
    type: "oidc",
    issuer: sso.issuerUrl!,
    authorization: { params: { scope: "openid profile email" } },
    profile: (claims: Record<string, unknown>) => ({
      id: `${claims.iss}#${claims.sub}`,
      name: typeof claims.name === "string" ? claims.name : null,
      email: typeof claims.email === "string" ? claims.email.toLowerCase() : null,
    }),
  };
}

export function tenantKeyOfProvider(providerId: string): string | undefined {
  return /^t-([a-z0-9][a-z0-9-]{1,38}[a-z0-9])$/.exec(providerId)?.[1];
}
