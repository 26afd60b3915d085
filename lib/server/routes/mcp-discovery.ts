import { messageFor } from "@/lib/errors/user-messages";
import { findWorkspaceForMcp } from "@/lib/mcp/access-config";
import { assertionKeySet } from "@/lib/mcp/identity-assertion";
import { protectedResourceMetadata } from "@/lib/mcp/protected-resource-metadata";
import { jsonAnswer, type Answer, type Exchange } from "../http-exchange";
import type { RouteContext } from "./route-context";

/** GET /.well-known/oauth-protected-resource{/mcp | /t/<key>/mcp}: the MCP endpoint's RFC 9728 metadata. */
export async function mcpProtectedResource(context: RouteContext, exchange: Exchange, workspaceKey: string | undefined): Promise<Answer> {
  if (exchange.method !== "GET" && exchange.method !== "HEAD") return jsonAnswer(405, { error: "method_not_allowed", message: messageFor("not_found") }, { allow: "GET" });
  const origin = exchange.url.origin;
  const cache = { "cache-control": "public, max-age=300", "access-control-allow-origin": "*" };
  if (workspaceKey === undefined) return jsonAnswer(200, protectedResourceMetadata(origin), cache);
  const workspace = await findWorkspaceForMcp(context.db, workspaceKey);
  if (!workspace) return jsonAnswer(404, { error: "not_found", message: messageFor("mcp_workspace_not_found") });
  return jsonAnswer(200, protectedResourceMetadata(origin, workspace), cache);
}

/** GET /.well-known/mcp-assertion-keys.json: the public keys upstream MCP servers verify Gatehouse's assertions with. */
export async function mcpAssertionKeys(context: RouteContext, exchange: Exchange): Promise<Answer> {
  if (exchange.method !== "GET" && exchange.method !== "HEAD") return jsonAnswer(405, { error: "method_not_allowed", message: messageFor("not_found") }, { allow: "GET" });
  if (!context.mcp) return jsonAnswer(404, { error: "not_found", message: messageFor("not_found") });
  return jsonAnswer(200, assertionKeySet([await context.mcp.assertionKey()]), { "cache-control": "public, max-age=300" });
}
