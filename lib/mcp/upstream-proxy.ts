import { request as httpRequest, type Agent, type IncomingMessage, type OutgoingHttpHeaders, type ServerResponse } from "node:http";
import { request as httpsRequest } from "node:https";
import { sendJsonRpcError } from "./gateway-answers";

/**
 * Forwards one MCP Streamable HTTP exchange to the upstream MCP server, streaming both ways: the request body is
 * piped as it arrives (counted, and cut off above `maxBodyBytes` with 413), the answer's head is sent to the client
 * as soon as the upstream sends it and each chunk of its body (an SSE event, typically) is written on as it comes,
 * never collected. The client's credential is not forwarded: `Authorization` carries Gatehouse's identity
 * assertion instead. Only the MCP headers cross in either direction.
 *
 * The upstream failing before it answers (refused connection, no answer head within `headersTimeoutMs`) is a 502
 * with a JSON-RPC error; failing mid-stream ends the client's stream; the client going away aborts the upstream
 * request. The upstream refusing the assertion (401/403) is Gatehouse's fault, not the client's: 502 as well.
 */
export type UpstreamProxyOptions = {
  upstreamUrl: URL;
  assertion: string;
  agent: Agent;
  maxBodyBytes: number;
  /** HTTP_READ_BUFFER_BYTES: the largest answer head accepted from the upstream (the client side's buffers are the listener's). */
  readBufferBytes: number;
  headersTimeoutMs: number;
};

export type ProxyOutcome = "streamed" | "too_large" | "upstream_failed" | "client_gone";

const REQUEST_HEADERS = ["accept", "content-type", "content-length", "mcp-session-id", "mcp-protocol-version", "last-event-id"];
const RESPONSE_HEADERS = ["content-type", "content-length", "mcp-session-id", "mcp-protocol-version", "cache-control", "allow", "retry-after"];

export function proxyToUpstream(req: IncomingMessage, res: ServerResponse, options: UpstreamProxyOptions): Promise<ProxyOutcome> {
  const declared = Number(req.headers["content-length"] ?? "0");
  if (Number.isFinite(declared) && declared > options.maxBodyBytes) {
    sendJsonRpcError(res, 413, "mcp_request_too_large", { headers: { connection: "close" } });
    req.resume();
    return Promise.resolve("too_large");
  }

  const headers: OutgoingHttpHeaders = { authorization: `Bearer ${options.assertion}` };
  for (const name of REQUEST_HEADERS) if (req.headers[name] !== undefined) headers[name] = req.headers[name];

  return new Promise((resolve) => {
    let settled = false;
    const finish = (outcome: ProxyOutcome) => {
      if (settled) return;
      settled = true;
      clearTimeout(headersTimer);
      resolve(outcome);
    };
    const send = options.upstreamUrl.protocol === "https:" ? httpsRequest : httpRequest;
    const upstream = send(
      options.upstreamUrl,
      { method: req.method, headers, agent: options.agent, maxHeaderSize: options.readBufferBytes },
      (answer) => {
        clearTimeout(headersTimer);
        const status = answer.statusCode ?? 502;
        if (status === 401 || status === 403) {
          answer.resume();
          console.error(`[mcp] the upstream refused Gatehouse's identity assertion (HTTP ${status})`);
          sendJsonRpcError(res, 502, "mcp_upstream_failed");
          return finish("upstream_failed");
        }
        const forwarded: OutgoingHttpHeaders = { "x-accel-buffering": "no" };
        for (const name of RESPONSE_HEADERS) if (answer.headers[name] !== undefined) forwarded[name] = answer.headers[name];
        res.writeHead(status, forwarded);
        res.flushHeaders();
        answer.pipe(res);
        answer.on("end", () => finish("streamed"));
        answer.on("error", () => {
          res.destroy();
          finish("upstream_failed");
        });
      },
    );
    const headersTimer = setTimeout(() => upstream.destroy(new Error("the upstream sent no answer in time")), options.headersTimeoutMs);
    upstream.on("error", (error) => {
      if (settled) return;
      if (!res.headersSent) {
        console.error(`[mcp] the upstream MCP server failed: ${error.message}`);
        sendJsonRpcError(res, 502, "mcp_upstream_failed");
      } else res.destroy();
      finish("upstream_failed");
    });
    res.on("close", () => {
      if (!res.writableFinished) {
        upstream.destroy();
        finish("client_gone");
      }
    });

    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > options.maxBodyBytes && !settled) {
        req.unpipe(upstream);
        req.resume();
        settled = true;
        clearTimeout(headersTimer);
        upstream.destroy();
        sendJsonRpcError(res, 413, "mcp_request_too_large", { headers: { connection: "close" } });
        resolve("too_large");
      }
    });
    req.pipe(upstream);
  });
}
