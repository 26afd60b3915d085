/**
 * The authorization server's public surface, named once: its endpoints under `/oauth2/`, the two metadata documents,
 * the interaction route the Node server answers and the consent page Next.js renders.
 */
export const OAUTH_ROUTES = {
  authorization: "/oauth2/authorize",
  token: "/oauth2/token",
  jwks: "/oauth2/jwks",
  registration: "/oauth2/register",
  revocation: "/oauth2/revoke",
  introspection: "/oauth2/introspect",
  userinfo: "/oauth2/userinfo",
  end_session: "/oauth2/logout",
  pushed_authorization_request: "/oauth2/par",
  challenge: "/oauth2/challenge",
  code_verification: "/oauth2/device",
  device_authorization: "/oauth2/device/auth",
  backchannel_authentication: "/oauth2/backchannel",
  credential: "/oauth2/credential",
} as const;

export const OPENID_CONFIGURATION_PATH = "/.well-known/openid-configuration";
export const AUTHORIZATION_SERVER_METADATA_PATH = "/.well-known/oauth-authorization-server";

/** The default resource (RFC 8707) of every token: the MCP gateway of all workspaces. */
export const mcpResourceOf = (apiPublicUrl: string) => `${apiPublicUrl}/mcp`;

/** The one scope a Gatehouse access token for `/mcp` carries (besides the OpenID ones). */
export const MCP_SCOPE = "mcp";

export const interactionPath = (uid: string) => `/oauth/interaction/${uid}`;
export const interactionDecisionPath = (uid: string) => `/oauth/interaction/${uid}/decide`;
export const consentPagePath = (uid: string) => `/oauth/consent/${uid}`;

/** oidc-provider's interaction ids (nanoid, 21 URL-safe characters), checked before they reach a query. */
const UID = "[A-Za-z0-9_-]{16,64}";
export const INTERACTION_ROUTE = new RegExp(`^/oauth/interaction/(${UID})(/decide)?$`);
export const isInteractionId = (value: string) => new RegExp(`^${UID}$`).test(value);
/** A sign-in started for an authorization may return to its interaction, and nowhere else of this kind. */
export const isInteractionReturnPath = (path: string) => new RegExp(`^/oauth/interaction/${UID}$`).test(path);

/** The paths the authorization server answers in Gatehouse's Node server: oidc-provider's and the interaction route. */
export function isAuthorizationServerPath(path: string): boolean {
  return path.startsWith("/oauth2/") || path === OPENID_CONFIGURATION_PATH || path === AUTHORIZATION_SERVER_METADATA_PATH || INTERACTION_ROUTE.test(path);
}
