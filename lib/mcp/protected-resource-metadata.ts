import { expectedEntraIssuer } from "@/lib/entra/issuer";
import type { McpAccessConfig } from "./access-config";
import { mcpUrl } from "./mcp-urls";

/**
 * The OAuth 2.0 Protected Resource Metadata (RFC 9728) of an MCP endpoint. `resource` is identical to the MCP URL
 * the client used to build the well-known URL (§3.3). A workspace's endpoint names its Entra directory's issuer as
 * authorization server and `api://<audience>/<scope>` as the scope to request; the shared `/mcp` names none yet.
 */
export function protectedResourceMetadata(origin: string, authorityHost: string, workspace?: { key: string; name: string; access: McpAccessConfig | undefined }) {
  if (!workspace) return { resource: mcpUrl(origin), bearer_methods_supported: ["header"], resource_name: "Gatehouse MCP gateway" };
  const access = workspace.access;
  return {
    resource: mcpUrl(origin, workspace.key),
    ...(access
      ? {
          authorization_servers: [expectedEntraIssuer(authorityHost, access.entraTenantId)],
          scopes_supported: [`api://${access.audience}/${access.requiredScope}`],
        }
      : {}),
    bearer_methods_supported: ["header"],
    resource_name: `${workspace.name} (MCP)`,
  };
}
