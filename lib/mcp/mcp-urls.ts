/**
 * The MCP gateway's public surface, named once: the MCP URLs, their protected-resource metadata (RFC 9728,
 * path-inserted well-known URLs), and the identity-assertion keys. Pages, routes and the demo call these.
 */
export const MCP_PATH = "/mcp";
export const PRM_PREFIX = "/.well-known/oauth-protected-resource";

/** `{API_PUBLIC_URL}/mcp`, or `{API_PUBLIC_URL}/t/<key>/mcp` for one workspace. */
export function mcpUrl(origin: string, workspaceKey?: string): string {
  return `${origin}${mcpPath(workspaceKey)}`;
}

export function mcpPath(workspaceKey?: string): string {
  return workspaceKey === undefined ? MCP_PATH : `/t/${workspaceKey}${MCP_PATH}`;
}

/** RFC 9728 §3.1: the well-known suffix goes between the host and the resource's path. */
export function protectedResourceMetadataUrl(origin: string, workspaceKey?: string): string {
  return `${origin}${PRM_PREFIX}${mcpPath(workspaceKey)}`;
}

const WORKSPACE_KEY = "[a-z0-9][a-z0-9-]{1,38}[a-z0-9]";
const WORKSPACE_MCP = new RegExp(`^/t/(${WORKSPACE_KEY})/mcp$`);

/** Which MCP endpoint a request path is: the shared one, a workspace's, or none. */
export function mcpEndpointOf(path: string): { workspaceKey?: string } | undefined {
  if (path === MCP_PATH) return {};
  const match = WORKSPACE_MCP.exec(path);
  return match ? { workspaceKey: match[1]! } : undefined;
}

/** The MCP endpoint whose protected-resource metadata a well-known path asks for. */
export function protectedResourceOf(path: string): { workspaceKey?: string } | undefined {
  return path.startsWith(`${PRM_PREFIX}/`) ? mcpEndpointOf(path.slice(PRM_PREFIX.length)) : undefined;
}

/**
 * A workspace's authorization server, bridging to its Entra directory (as the seed's API Management policies do):
 * issuer `{origin}/t/<key>`, metadata at the RFC 8414 path-inserted URL, `/t/<key>/oauth2/authorize` (302 to Entra)
 * and `/t/<key>/oauth2/token` (forwarded to Entra).
 */
export function workspaceIssuer(origin: string, workspaceKey: string): string {
  return `${origin}/t/${workspaceKey}`;
}

export const AS_METADATA_PREFIX = "/.well-known/oauth-authorization-server";

export function authorizationServerMetadataUrl(origin: string, workspaceKey: string): string {
  return `${origin}${AS_METADATA_PREFIX}/t/${workspaceKey}`;
}

const WORKSPACE_AS_METADATA = new RegExp(`^${AS_METADATA_PREFIX}/t/(${WORKSPACE_KEY})$`);
const WORKSPACE_OAUTH = new RegExp(`^/t/(${WORKSPACE_KEY})/oauth2/(authorize|token)$`);

/** Which of a workspace's authorization-server URLs a path is. */
export function workspaceAuthorizationPathOf(path: string): { workspaceKey: string; endpoint: "metadata" | "authorize" | "token" } | undefined {
  const metadata = WORKSPACE_AS_METADATA.exec(path);
  if (metadata) return { workspaceKey: metadata[1]!, endpoint: "metadata" };
  const oauth = WORKSPACE_OAUTH.exec(path);
  return oauth ? { workspaceKey: oauth[1]!, endpoint: oauth[2] as "authorize" | "token" } : undefined;
}
