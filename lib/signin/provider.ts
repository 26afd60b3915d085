import type { Settings } from "@/lib/config/settings";
import { PLATFORM_MICROSOFT_PROVIDER_ID } from "@/lib/auth/platform-microsoft-sign-in";
import { STAFF_PROVIDER_ID } from "@/lib/manage/staff-sign-in";
import type { TenantSsoForSignIn } from "@/lib/sso/tenant-sso-config";

export { PLATFORM_MICROSOFT_PROVIDER_ID, STAFF_PROVIDER_ID };

/**
 * An identity provider as the sign-in engine sees it: plain configuration, no behaviour. Three kinds exist —
 * the platform's multi-tenant Entra app (`microsoft-entra-id`, on `/common`), a workspace's own Entra or OIDC app
 * (`t-<key>`), and the console's single-tenant Entra app (`staff-entra`) — and they differ only in these values.
 * The ids and redirect URIs are public: customers registered them, so they never change.
 */
export type SignInProvider = {
  id: string;
  /** The issuer whose discovery document is read (`{issuer}/.well-known/openid-configuration`). */
  discoveryIssuer: string;
  /**
   * How the ID token's `iss` is checked. `discovery`: equal to the discovery document's issuer. `entra-tid`:
   * Microsoft's multi-tenant rule — the document's `{tenantid}` template filled with the token's own `tid`.
   */
  issuerRule: "discovery" | "entra-tid";
  clientId: string;
  clientSecret: string;
  redirectUri: string;
  scope: string;
  /** Extra authorization request parameters (`prompt=select_account`). */
  authorizationParams: Record<string, string>;
};

export const TENANT_AUTH_BASE_PATH = "/api/v1/auth";
export const STAFF_AUTH_BASE_PATH = "/api/v1/manage/auth";

const OPENID_SCOPE = "openid profile email";

export function tenantSsoProviderId(tenantKey: string): string {
  return `t-${tenantKey}`;
}

export function tenantKeyOfProvider(providerId: string): string | undefined {
  return /^t-([a-z0-9][a-z0-9-]{1,38}[a-z0-9])$/.exec(providerId)?.[1];
}

export function platformMicrosoftProvider(settings: Settings): SignInProvider | undefined {
  const app = settings.platformMicrosoft;
  if (!app) return undefined;
  return {
    id: PLATFORM_MICROSOFT_PROVIDER_ID,
    discoveryIssuer: `${settings.msAuthorityHost}/common/v2.0`,
    issuerRule: "entra-tid",
    clientId: app.clientId,
    clientSecret: app.clientSecret,
    redirectUri: `${settings.apiPublicUrl}${TENANT_AUTH_BASE_PATH}/callback/${PLATFORM_MICROSOFT_PROVIDER_ID}`,
    scope: OPENID_SCOPE,
    authorizationParams: { prompt: "select_account" },
  };
}

/** A workspace's own IdP: Entra always on its tenant-GUID issuer (never /common), any other OIDC issuer as given. */
export function tenantSsoProvider(sso: TenantSsoForSignIn, settings: Settings): SignInProvider {
  const id = tenantSsoProviderId(sso.tenantKey);
  return {
    id,
    discoveryIssuer: sso.kind === "entra" ? `${settings.msAuthorityHost}/${sso.entraTenantId}/v2.0` : sso.issuerUrl!,
    issuerRule: "discovery",
    clientId: sso.clientId,
    clientSecret: sso.clientSecret,
    redirectUri: `${settings.apiPublicUrl}${TENANT_AUTH_BASE_PATH}/callback/${id}`,
    scope: OPENID_SCOPE,
    authorizationParams: {},
  };
}

export function staffProvider(settings: Settings): SignInProvider | undefined {
  const app = settings.mgmtMicrosoft;
  if (!app) return undefined;
  return {
    id: STAFF_PROVIDER_ID,
    discoveryIssuer: `${settings.msAuthorityHost}/${app.tenantId}/v2.0`,
    issuerRule: "discovery",
    clientId: app.clientId,
    clientSecret: app.clientSecret,
    redirectUri: `${settings.mgmtPublicUrl}${STAFF_AUTH_BASE_PATH}/callback/${STAFF_PROVIDER_ID}`,
    scope: OPENID_SCOPE,
    authorizationParams: { prompt: "select_account" },
  };
}
