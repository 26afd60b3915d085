import type { ServerResponse } from "node:http";
import { messageFor, type UserMessageCode } from "@/lib/errors/user-messages";

/**
 * The gateway's own answers (refusals, 502, 503): a JSON-RPC error object, as an MCP client parses any answer on the
 * MCP endpoint, with `id: null` (the gateway does not read the request to find its id), and for refusals the
 * RFC 6750 challenge the MCP spec asks for.
 */
export type Challenge = { resourceMetadata: string; scope?: string; error?: string; description?: UserMessageCode };

/** `Bearer resource_metadata="…", scope="…"[, error="…", error_description="…"]` (MCP 2025-11-25, RFC 6750 §3). */
export function bearerChallenge(challenge: Challenge): string {
  const parts = [`resource_metadata="${challenge.resourceMetadata}"`];
  if (challenge.scope) parts.push(`scope="${challenge.scope}"`);
  if (challenge.error) parts.push(`error="${challenge.error}"`);
  if (challenge.description) parts.push(`error_description="${headerSafe(messageFor(challenge.description))}"`);
  return `Bearer ${parts.join(", ")}`;
}

/** JSON-RPC's "server error" range; MCP clients show `message`. */
export const GATEWAY_ERROR_CODE = -32000;

export function sendJsonRpcError(
  res: ServerResponse,
  status: number,
  message: UserMessageCode,
  extra: { headers?: Record<string, string>; reference?: string } = {},
): void {
  if (res.headersSent) return void res.destroy();
  const body = JSON.stringify({
    jsonrpc: "2.0",
    error: { code: GATEWAY_ERROR_CODE, message: messageFor(message), data: { code: message, ...(extra.reference ? { reference: extra.reference } : {}) } },
    id: null,
  });
  res.writeHead(status, { "content-type": "application/json", "cache-control": "no-store", "content-length": String(Buffer.byteLength(body)), ...extra.headers });
  res.end(body);
}

/** A sentence as a header's quoted-string: quotes and backslashes replaced, and ASCII only (an arrow as "->"). */
function headerSafe(sentence: string): string {
  return sentence.replace(/["\\]/g, "'").replace(/→/g, "->").replace(/[^\x20-\x7e]/g, "");
}
