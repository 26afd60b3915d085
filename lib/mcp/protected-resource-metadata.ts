import { MCP_SCOPE } from "@/lib/oauth/paths";
import type { McpAccessConfig } from "./access-config";
import { mcpUrl, workspaceIssuer } from "./mcp-urls";

/**
 * The OAuth 2.0 Protected Resource Metadata (RFC 9728) of an MCP endpoint. `resource` is identical to the MCP URL
 * the client used to build the well-known URL (§3.3). A workspace's endpoint names the workspace's own
 * authorization server (entra-authorization-bridge.ts, in front of its Entra directory) and `api://<audience>/<scope>`
 * as the scope to request; the shared `/mcp` names Gatehouse's own authorization server (lib/oauth/), whose tokens
 * carry their workspace, so one URL serves every workspace.
 */
export function protectedResourceMetadata(origin: string, workspace?: { key: string; name: string; access: McpAccessConfig | undefined }) {
  if (!workspace)
    return { resource: mcpUrl(origin), authorization_servers: [origin], scopes_supported: [MCP_SCOPE], bearer_methods_supported: ["header"], resource_name: "Gatehouse MCP gateway" };
  const access = workspace.access;
  return {
    resource: mcpUrl(origin, workspace.key),
    ...(access
      ? {
          authorization_servers: [workspaceIssuer(origin, workspace.key)],
          scopes_supported: [`api://${access.audience}/${access.requiredScope}`],
        }
      : {}),
    bearer_methods_supported: ["header"],
    resource_name: `${workspace.name} (MCP)`,
  };
}
