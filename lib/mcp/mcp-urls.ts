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
