import { messageFor } from "@/lib/errors/user-messages";
import { findWorkspaceForMcp } from "@/lib/mcp/access-config";
import { authorizationServerMetadata, entraAuthorizeLocation, forwardTokenRequest } from "@/lib/mcp/entra-authorization-bridge";
import { IdpUnreachableError } from "@/lib/oidc/idp-outage";
import { jsonAnswer, redirectTo, type Answer, type Exchange } from "../http-exchange";
import type { RouteContext } from "./route-context";

/**
 * A workspace's authorization server for MCP clients (lib/mcp/entra-authorization-bridge.ts):
 *   GET  /.well-known/oauth-authorization-server/t/<key>   metadata
 *   GET  /t/<key>/oauth2/authorize                         302 to the directory's Entra authorize endpoint
 *   POST /t/<key>/oauth2/token                             forwarded to the directory's Entra token endpoint
 * A workspace without MCP access configured has none of them (404).
 */
const MAX_TOKEN_REQUEST_BYTES = 64 * 1024;

export async function mcpAuthorizationServer(context: RouteContext, exchange: Exchange, workspaceKey: string, endpoint: "metadata" | "authorize" | "token"): Promise<Answer> {
  const expected = endpoint === "token" ? "POST" : "GET";
  if (exchange.method !== expected && !(expected === "GET" && exchange.method === "HEAD"))
    return jsonAnswer(405, { error: "method_not_allowed", message: messageFor("mcp_method_not_allowed") }, { allow: expected });
  const workspace = await findWorkspaceForMcp(context.db, workspaceKey);
  if (!workspace?.access || !workspace.active || !context.mcp)
    return jsonAnswer(404, { error: "not_found", message: messageFor(workspace ? "mcp_access_not_configured" : "mcp_workspace_not_found") });
  const authorityHost = context.settings.msAuthorityHost;

  if (endpoint === "metadata")
    return jsonAnswer(200, authorizationServerMetadata(exchange.url.origin, workspaceKey, workspace.access), { "cache-control": "public, max-age=300", "access-control-allow-origin": "*" });
  if (endpoint === "authorize") return redirectTo(entraAuthorizeLocation(authorityHost, workspace.access, exchange.url.searchParams));

  const body = await exchange.body(MAX_TOKEN_REQUEST_BYTES);
  if (body === undefined) return jsonAnswer(413, { error: "invalid_request", error_description: messageFor("request_too_large") });
  if (!(exchange.header("content-type") ?? "").toLowerCase().startsWith("application/x-www-form-urlencoded"))
    return jsonAnswer(400, { error: "invalid_request", error_description: messageFor("mcp_token_request_form") });
  try {
    const answer = await forwardTokenRequest(context.mcp.fetch, authorityHost, workspace.access, { body, authorization: exchange.header("authorization") });
    return { status: answer.status, headers: { "content-type": answer.contentType, "cache-control": "no-store", pragma: "no-cache" }, body: answer.body };
  } catch (error) {
    if (!(error instanceof IdpUnreachableError)) throw error;
    return jsonAnswer(502, { error: "temporarily_unavailable", error_description: messageFor("idp_unreachable") });
  }
}
