import { ID_JAG_TOKEN_TYPE, TOKEN_EXCHANGE_GRANT } from "./token-exchange";

/**
 * Discovery of the org authorization server (issuer = the org URL, no path) and of a custom authorization server
 * (`/oauth2/<id>`), with Okta's endpoint layout: `/oauth2/v1/...` for the org, `/oauth2/<id>/v1/...` for a custom one.
 * Only the org server advertises the ID-JAG token type.
 */
export function orgMetadata(origin: string): Record<string, unknown> {
  return {
    issuer: origin,
    authorization_endpoint: `${origin}/oauth2/v1/authorize`,
    token_endpoint: `${origin}/oauth2/v1/token`,
    jwks_uri: `${origin}/oauth2/v1/keys`,
    response_types_supported: ["code"],
    subject_types_supported: ["public"],
    id_token_signing_alg_values_supported: ["RS256"],
    scopes_supported: ["openid", "email", "profile"],
    token_endpoint_auth_methods_supported: ["client_secret_basic", "client_secret_post"],
    grant_types_supported: ["authorization_code", "password", TOKEN_EXCHANGE_GRANT],
    identity_chaining_requested_token_types_supported: [ID_JAG_TOKEN_TYPE],
    code_challenge_methods_supported: ["S256"],
  };
}

export function customServerMetadata(origin: string, id: string): Record<string, unknown> {
  const issuer = `${origin}/oauth2/${id}`;
  return {
    issuer,
    authorization_endpoint: `${issuer}/v1/authorize`,
    token_endpoint: `${issuer}/v1/token`,
    jwks_uri: `${issuer}/v1/keys`,
    response_types_supported: ["code"],
    subject_types_supported: ["public"],
    id_token_signing_alg_values_supported: ["RS256"],
    scopes_supported: ["openid", "email", "profile"],
    token_endpoint_auth_methods_supported: ["client_secret_basic", "client_secret_post"],
    grant_types_supported: ["authorization_code", "client_credentials", TOKEN_EXCHANGE_GRANT],
    code_challenge_methods_supported: ["S256"],
  };
}
