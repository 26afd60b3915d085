import type { IncomingMessage, ServerResponse } from "node:http";
import { sendJsonRpcError } from "@/lib/mcp/gateway-answers";
import { serveMcpRequest } from "@/lib/mcp/gateway";
import type { RouteContext } from "./route-context";

/** `/mcp` and `/t/<key>/mcp`: the MCP gateway, on the raw request and response so both directions stream. */
export async function mcpGateway(context: RouteContext, req: IncomingMessage, res: ServerResponse, target: { origin: string; clientIp: string; workspaceKey?: string }): Promise<void> {
  if (!context.mcp) return sendJsonRpcError(res, 503, "mcp_not_configured");
  await serveMcpRequest(context.mcp, req, res, target);
}
