/**
 * The MCP gateway's proxy with authentication switched off, for bench/mcp-gateway.ts only (never imported by the
 * server). Gatehouse has no setting that turns the gateway's authentication off, and none is added for a benchmark;
 * this process stands in for it: Gatehouse's own listener (createGatehouseServer, with the same settings, buffer
 * sizes and public-origin routing as the production server) hands every request to the gateway's own streaming
 * proxy (lib/mcp/upstream-proxy.ts), with none of the gateway's authentication — no credential parsing beyond
 * taking the bearer, no workspace or provisioning lookup, no Entra signature check, no identity assertion signed.
 * The bearer the client sent goes to the upstream as it is (so the benchmark sends an identity assertion Gatehouse
 * signed earlier, which the demo MCP server accepts). It runs from source under tsx, in a process of its own, so
 * its CPU time can be read from /proc like the broker's.
 *
 *   node --import tsx bench/support/mcp-proxy-only.ts      # with the broker's environment (PORT, MCP_UPSTREAM_URL, …)
 */
import { Agent } from "node:http";
import { parseSettings } from "@/lib/config/settings";
import { MCP_MAX_BODY_BYTES } from "@/lib/mcp/create-mcp-gateway";
import { proxyToUpstream } from "@/lib/mcp/upstream-proxy";
import { createGatehouseServer } from "@/lib/server/http-server";

const settings = parseSettings(process.env);
if (!settings.mcpUpstreamUrl) throw new Error("MCP_UPSTREAM_URL is required");
const upstreamUrl = new URL(settings.mcpUpstreamUrl);
// The same agent options as the gateway's (create-mcp-gateway.ts).
const agent = new Agent({ keepAlive: true, maxSockets: 512 });
const server = createGatehouseServer(
  { readBufferBytes: settings.httpReadBufferBytes, writeBufferBytes: settings.httpWriteBufferBytes, keepAliveTimeoutMs: settings.httpKeepAliveTimeoutMs },
  (req, res) => {
    const bearer = /^Bearer +(\S+)$/i.exec(req.headers.authorization ?? "")?.[1] ?? "";
    void proxyToUpstream(req, res, {
      upstreamUrl,
      assertion: bearer,
      agent,
      maxBodyBytes: MCP_MAX_BODY_BYTES,
      readBufferBytes: settings.httpReadBufferBytes,
      headersTimeoutMs: 30_000,
    });
  },
  { apiPublicUrl: settings.apiPublicUrl, mgmtPublicUrl: settings.mgmtPublicUrl },
);
server.listen(Number(process.env.PORT), "127.0.0.1", () => console.log("MCP proxy (authentication off) is listening"));
process.on("SIGTERM", () => {
  server.closeAllConnections();
  server.close(() => process.exit(0));
});
