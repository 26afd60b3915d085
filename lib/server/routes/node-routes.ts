import type { Answer, Exchange } from "../http-exchange";
import type { IncomingMessage, ServerResponse } from "node:http";
import { mcpEndpointOf, protectedResourceOf, workspaceAuthorizationPathOf } from "@/lib/mcp/mcp-urls";
import { ASSERTION_KEYS_PATH } from "@/lib/mcp/identity-assertion";
import { me } from "./me";
import { mcpAuthorizationServer } from "./mcp-authorization";
import { mcpAssertionKeys, mcpProtectedResource } from "./mcp-discovery";
import { mcpGateway } from "./mcp-gateway";
import type { RouteContext } from "./route-context";
import { staffSignInCallback, startStaffSignIn } from "./staff-sign-in";
import { startPlatformSignIn, startTenantSsoSignIn, tenantSignInCallback } from "./tenant-sign-in";

/**
 * The routes Gatehouse's Node server answers itself, before Next.js sees the request: the sign-in legs (which need
 * no page rendering and must be fast and exact) and the session check. Everything else goes to Next.js.
 */
export type NodeRoute = (context: RouteContext, exchange: Exchange) => Promise<Answer>;

export function nodeRouteFor(path: string): NodeRoute | undefined {
  switch (path) {
    case "/api/v1/me":
      return me;
    case "/api/v1/auth/microsoft/login":
      return startPlatformSignIn;
    case "/api/v1/manage/sign-in":
      return startStaffSignIn;
    case "/api/v1/manage/auth/callback/staff-entra":
      return staffSignInCallback;
    case ASSERTION_KEYS_PATH:
      return mcpAssertionKeys;
  }
  const resource = protectedResourceOf(path);
  if (resource) return (context, exchange) => mcpProtectedResource(context, exchange, resource.workspaceKey);
  const authorization = workspaceAuthorizationPathOf(path);
  if (authorization) return (context, exchange) => mcpAuthorizationServer(context, exchange, authorization.workspaceKey, authorization.endpoint);
  const sso = /^\/api\/v1\/auth\/sso\/([^/]+)\/login$/.exec(path);
  if (sso) return (context, exchange) => startTenantSsoSignIn(context, exchange, sso[1]!);
  const callback = /^\/api\/v1\/auth\/callback\/([^/]+)$/.exec(path);
  if (callback) return (context, exchange) => tenantSignInCallback(context, exchange, callback[1]!);
  return undefined;
}

/**
 * The routes that stream (the MCP gateway): they get the raw request and response, because an answer may be an SSE
 * stream that lasts minutes and a request body is forwarded as it arrives, never collected.
 */
export type StreamTarget = { origin: string; clientIp: string };
export type StreamRoute = (context: RouteContext, req: IncomingMessage, res: ServerResponse, target: StreamTarget) => Promise<void>;

export function streamRouteFor(path: string): StreamRoute | undefined {
  const endpoint = mcpEndpointOf(path);
  if (endpoint) return (context, req, res, target) => mcpGateway(context, req, res, { ...target, workspaceKey: endpoint.workspaceKey });
  return undefined;
}
