import { readFileSync } from "node:fs";
import { createServer as createHttpServer, type IncomingMessage, type ServerResponse } from "node:http";
import { createServer as createHttpsServer } from "node:https";
import type { AddressInfo } from "node:net";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";

/**
 * The example SPA's origin (APP_BASE_URL): its two static files, its configuration, its OAuth client and one API.
 *
 *  - Over https (a certificate given), the SPA names itself by a Client ID Metadata Document it serves at
 *    `/client-metadata.json`, as a deployed SPA would at its own origin: nothing is registered by hand.
 *  - Over plain http on loopback (no certificate: a local demo whose Gatehouse may not fetch documents from
 *    loopback), it registers itself at start by Dynamic Client Registration, with its loopback redirect URI.
 *
 * `POST /api/whoami` is the app's own API: it takes the access token from the Authorization header and asks
 * Gatehouse's `/mcp` gateway (the token's audience) who it belongs to, with the `whoami` tool of the MCP server behind
 * it, and answers that. The SPA calls it on its own origin; the gateway serves MCP clients and has no CORS.
 */
export type SpaServer = { origin: string; clientId: string; stop(): Promise<void> };

const STATIC: Record<string, { file: string; type: string }> = {
  "/": { file: "index.html", type: "text/html; charset=utf-8" },
  "/app.js": { file: "app.js", type: "text/javascript; charset=utf-8" },
};
const CLIENT_NAME = "Gatehouse SPA example";

export async function startSpaServer(options: { gatehouseUrl: string; port?: number; tls?: { cert: string; key: string } }): Promise<SpaServer> {
  let origin = "";
  let clientId = "";
  const clientMetadata = () => ({
    client_name: CLIENT_NAME,
    application_type: "web",
    redirect_uris: [`${origin}/`],
    grant_types: ["authorization_code", "refresh_token"],
    response_types: ["code"],
    token_endpoint_auth_method: "none",
  });
  const answer = async (req: IncomingMessage, res: ServerResponse) => {
    const path = new URL(req.url ?? "/", "http://spa.invalid").pathname;
    const file = STATIC[path];
    if (req.method === "GET" && file)
      return void res.writeHead(200, { "content-type": file.type, "cache-control": "no-store" }).end(readFileSync(new URL(file.file, import.meta.url)));
    if (req.method === "GET" && path === "/config.json")
      return void json(res, 200, { issuer: options.gatehouseUrl, clientId, resource: `${options.gatehouseUrl}/mcp` });
    if (req.method === "GET" && path === "/client-metadata.json" && options.tls)
      return void json(res, 200, { client_id: clientId, ...clientMetadata() }, { "cache-control": "max-age=300" });
    if (req.method === "POST" && path === "/api/whoami") return void json(res, ...(await whoami(options.gatehouseUrl, req.headers.authorization)));
    res.writeHead(404, { "content-type": "text/plain" }).end("Not found");
  };
  const handler = (req: IncomingMessage, res: ServerResponse) =>
    void answer(req, res).catch(() => {
      if (!res.headersSent) json(res, 502, { error: "Gatehouse could not be reached" });
    });
  const server = options.tls ? createHttpsServer(options.tls, handler) : createHttpServer(handler);
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  origin = options.tls ? `https://localhost:${port}` : `http://127.0.0.1:${port}`;
  clientId = options.tls ? `${origin}/client-metadata.json` : await register(options.gatehouseUrl, clientMetadata());
  return { origin, clientId, stop: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

function json(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
  res.writeHead(status, { "content-type": "application/json", "cache-control": "no-store", ...headers }).end(JSON.stringify(body));
}

async function register(gatehouseUrl: string, metadata: Record<string, unknown>): Promise<string> {
  const answer = await fetch(`${gatehouseUrl}/oauth2/register`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(metadata) });
  const body = (await answer.json()) as { client_id?: string; error_description?: string };
  if (answer.status !== 201 || !body.client_id) throw new Error(`Gatehouse refused to register the SPA: ${body.error_description ?? answer.status}`);
  return body.client_id;
}

async function whoami(gatehouseUrl: string, authorization: string | undefined): Promise<[number, unknown]> {
  if (!authorization?.startsWith("Bearer ")) return [401, { error: "Sign in first" }];
  const client = new Client({ name: "gatehouse-spa-example", version: "1.0.0" });
  try {
    await client.connect(new StreamableHTTPClientTransport(new URL(`${gatehouseUrl}/mcp`), { requestInit: { headers: { authorization } } }));
  } catch {
    return [401, { error: "Gatehouse refused the access token" }];
  }
  try {
    const result = await client.callTool({ name: "whoami", arguments: {} });
    return [200, result.structuredContent];
  } finally {
    await client.close();
  }
}
