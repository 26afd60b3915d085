import type { Server } from "node:http";
import type { Settings } from "@/lib/config/settings";
import { createGatehouseServer } from "@/lib/server/http-server";
import type { RouteContext } from "../route-context";

/**
 * Gatehouse's production listener and routing on loopback for route tests, without Next.js: every path Gatehouse's
 * own server answers (sign-in legs, the MCP gateway, the authorization server) is real; anything meant for Next.js
 * answers 404.
 */
export async function listenWithoutNextJs(settings: Settings, context: RouteContext, port: number): Promise<Server> {
  const server = createGatehouseServer(
    { readBufferBytes: settings.httpReadBufferBytes, writeBufferBytes: settings.httpWriteBufferBytes, keepAliveTimeoutMs: settings.httpKeepAliveTimeoutMs },
    (_req, res) => void res.writeHead(404).end("Next.js is not started in this test"),
    { apiPublicUrl: settings.apiPublicUrl, mgmtPublicUrl: settings.mgmtPublicUrl },
    undefined,
    context,
  );
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
  return server;
}
