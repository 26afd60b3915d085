import { randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { StreamableHTTPServerTransport } from "@modelcontextprotocol/sdk/server/streamableHttp.js";
import type { AuthInfo } from "@modelcontextprotocol/sdk/server/auth/types.js";
import { isInitializeRequest } from "@modelcontextprotocol/sdk/types.js";
import type { JWTPayload } from "jose";
import { assertionCheck } from "./assertion-check";
import { registerDemoTools } from "./tools";

/**
 * A small upstream MCP server for the demo and the tests, built with the MCP TypeScript SDK (Streamable HTTP,
 * sessions): it sits behind Gatehouse's gateway and trusts only Gatehouse's identity assertion, which it verifies
 * on every request (assertion-check.ts). A session belongs to the person who opened it. Never imported by the
 * production server.
 */
export type DemoMcpServer = {
  /** The MCP endpoint: what MCP_UPSTREAM_URL names. */
  url: string;
  /** The assertions received, newest last (tests look at what the upstream saw). */
  received: { authorization: string | undefined; claims?: JWTPayload }[];
  stop(): Promise<void>;
};

export type DemoMcpServerOptions = { port?: number; host?: string; gatehouseUrl: string | (() => string) };

export async function startDemoMcpServer(options: DemoMcpServerOptions): Promise<DemoMcpServer> {
  const gatehouseUrl = typeof options.gatehouseUrl === "string" ? () => options.gatehouseUrl as string : options.gatehouseUrl;
  let url = "";
  const check = assertionCheck(gatehouseUrl, () => url);
  const sessions = new Map<string, { transport: StreamableHTTPServerTransport; subject: string | undefined }>();
  const received: DemoMcpServer["received"] = [];

  const server = createServer((req, res) => void handle(req, res));
  async function handle(req: IncomingMessage & { auth?: AuthInfo }, res: ServerResponse) {
    if (new URL(req.url ?? "/", "http://demo.invalid").pathname !== "/mcp") return void res.writeHead(404).end();
    const verified = await check(req.headers.authorization);
    received.push({ authorization: req.headers.authorization, claims: verified.ok ? verified.claims : undefined });
    if (received.length > 100) received.shift();
    if (!verified.ok) {
      res.writeHead(401, { "content-type": "application/json" });
      return void res.end(JSON.stringify({ jsonrpc: "2.0", error: { code: -32001, message: `Gatehouse's identity assertion is not valid: ${verified.problem}` }, id: null }));
    }
    req.auth = { token: verified.token, clientId: String(verified.claims.sub), scopes: String(verified.claims.scope ?? "").split(" ").filter(Boolean), expiresAt: verified.claims.exp, extra: { claims: verified.claims } };

    const sessionId = req.headers["mcp-session-id"];
    if (typeof sessionId === "string") {
      const session = sessions.get(sessionId);
      if (!session || session.subject !== verified.claims.sub) return void res.writeHead(404, { "content-type": "application/json" }).end(JSON.stringify({ jsonrpc: "2.0", error: { code: -32001, message: "Session not found" }, id: null }));
      return session.transport.handleRequest(req, res);
    }
    if (req.method !== "POST") return void res.writeHead(400).end();
    const body = await readJson(req);
    if (!isInitializeRequest(body)) return void res.writeHead(400, { "content-type": "application/json" }).end(JSON.stringify({ jsonrpc: "2.0", error: { code: -32000, message: "Initialize first" }, id: null }));
    const transport = new StreamableHTTPServerTransport({
      sessionIdGenerator: () => randomUUID(),
      onsessioninitialized: (id) => void sessions.set(id, { transport, subject: verified.ok ? verified.claims.sub : undefined }),
    });
    transport.onclose = () => transport.sessionId && sessions.delete(transport.sessionId);
    const mcp = new McpServer({ name: "gatehouse-demo-mcp", version: "1.0.0" });
    registerDemoTools(mcp);
    await mcp.connect(transport);
    await transport.handleRequest(req, res, body);
  }

  await new Promise<void>((resolve) => server.listen(options.port ?? 0, options.host ?? "127.0.0.1", resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/mcp`;
  return {
    url,
    received,
    stop: async () => {
      for (const { transport } of sessions.values()) await transport.close().catch(() => {});
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

async function readJson(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > 1024 * 1024) return undefined;
    chunks.push(chunk as Buffer);
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString("utf8"));
  } catch {
    return undefined;
  }
}
