import { issuerTenant, v1Issuer, v2Issuer, type Authority } from "./authority";
import { Directory } from "./directory";

/**
 * The OpenID discovery documents, key for key in the order Entra serves them (research 1.2, 1.3, 1.5), with every
 * endpoint under the emulator's origin. What Entra leaves out matters as much: no `code_challenge_methods_supported`,
 * no `grant_types_supported`, no registration, revocation or introspection endpoint.
 */

/** Host names that Entra states as facts about its cloud, not endpoints to call; kept as Microsoft writes them. */
const CLOUD = {
  cloud_instance_name: "microsoftonline.com",
  cloud_graph_host_name: "graph.windows.net",
  msgraph_host: "graph.microsoft.com",
  rbac_url: "https://pas.windows.net",
} as const;

/** A region for concrete work tenants; the nicknames and the personal-accounts directory have none. */
function regionScope(authority: Authority): string | null {
  if (authority.kind !== "tenant" || Directory.isPersonal(authority.tenant)) return null;
  return authority.tenant.region ?? "NA";
}

/** `browserOrigin` hosts the endpoints a browser opens (authorize, sign-out); by default the origin itself. */
export function v2DiscoveryDocument(origin: string, authority: Authority, browserOrigin = origin) {
  const base = `${origin}/${authority.pathSegment}`;
  const browserBase = `${browserOrigin}/${authority.pathSegment}`;
  return {
    token_endpoint: `${base}/oauth2/v2.0/token`,
    token_endpoint_auth_methods_supported: ["client_secret_post", "private_key_jwt", "client_secret_basic"],
    jwks_uri: `${base}/discovery/v2.0/keys`,
    response_modes_supported: ["query", "fragment", "form_post"],
    subject_types_supported: ["pairwise"],
    id_token_signing_alg_values_supported: ["RS256"],
    response_types_supported: ["code", "id_token", "code id_token", "id_token token"],
    scopes_supported: ["openid", "profile", "email", "offline_access"],
    issuer: v2Issuer(origin, issuerTenant(authority)),
    request_uri_parameter_supported: false,
    userinfo_endpoint: `${origin}/oidc/userinfo`,
    authorization_endpoint: `${browserBase}/oauth2/v2.0/authorize`,
    device_authorization_endpoint: `${base}/oauth2/v2.0/devicecode`,
    http_logout_supported: true,
    frontchannel_logout_supported: true,
    end_session_endpoint: `${browserBase}/oauth2/v2.0/logout`,
    claims_supported: [
      "sub", "iss", "cloud_instance_name", "cloud_instance_host_name", "cloud_graph_host_name", "msgraph_host", "aud", "exp",
      "iat", "auth_time", "acr", "nonce", "preferred_username", "name", "tid", "ver", "at_hash", "c_hash", "email",
    ],
    kerberos_endpoint: `${base}/kerberos`,
    tenant_region_scope: regionScope(authority),
    ...CLOUD,
  };
}

/**
 * The v1 document matters to validators of v1 access tokens: its issuer is `https://sts.windows.net/{tid}/`.
 * Observed v1 documents point `jwks_uri` at the `common` key set whatever the tenant.
 */
export function v1DiscoveryDocument(origin: string, authority: Authority) {
  const base = `${origin}/${authority.pathSegment}`;
  return {
    token_endpoint: `${base}/oauth2/token`,
    token_endpoint_auth_methods_supported: ["client_secret_post", "private_key_jwt", "client_secret_basic"],
    jwks_uri: `${origin}/common/discovery/keys`,
    response_modes_supported: ["query", "fragment", "form_post"],
    subject_types_supported: ["pairwise"],
    id_token_signing_alg_values_supported: ["RS256"],
    response_types_supported: ["code", "id_token", "code id_token", "token id_token", "token"],
    scopes_supported: ["openid"],
    issuer: v1Issuer(issuerTenant(authority)),
    microsoft_multi_refresh_token: true,
    authorization_endpoint: `${base}/oauth2/authorize`,
    device_authorization_endpoint: `${base}/oauth2/devicecode`,
    http_logout_supported: true,
    frontchannel_logout_supported: true,
    end_session_endpoint: `${base}/oauth2/logout`,
    claims_supported: [
      "sub", "iss", "cloud_instance_name", "cloud_instance_host_name", "cloud_graph_host_name", "msgraph_host", "aud", "exp",
      "iat", "auth_time", "acr", "amr", "nonce", "email", "given_name", "family_name", "nickname",
    ],
    check_session_iframe: `${base}/oauth2/checksession`,
    userinfo_endpoint: `${base}/openid/userinfo`,
    kerberos_endpoint: `${base}/kerberos`,
    tenant_region_scope: regionScope(authority),
    ...CLOUD,
  };
}
