import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from "node:http";
import type { TraceContext } from "./errors";

/**
 * The emulator's handlers take an `EmulatorRequest` and return an `EmulatorResponse`: plain values, so each
 * endpoint reads as "request in, response out" and the Node server code stays in one place.
 */
export type EmulatorRequest = {
  method: string;
  url: URL;
  /** Decoded path segments: `/common/v2.0/keys` → ["common", "v2.0", "keys"]. */
  segments: string[];
  headers: IncomingHttpHeaders;
  /** The raw body; `form()` and `json()` parse it. */
  body: string;
  trace: TraceContext;
};

export type EmulatorResponse = { status: number; headers: Record<string, string>; body: string };

const JSON_TYPE = "application/json; charset=utf-8";

export function form(request: EmulatorRequest): URLSearchParams {
  const type = request.headers["content-type"] ?? "";
  return type.startsWith("application/x-www-form-urlencoded") ? new URLSearchParams(request.body) : new URLSearchParams();
}

export function jsonResponse(status: number, body: unknown, headers: Record<string, string> = {}): EmulatorResponse {
  return { status, headers: { "Content-Type": JSON_TYPE, ...headers }, body: JSON.stringify(body) };
}

export function htmlResponse(status: number, html: string): EmulatorResponse {
  return {
    status,
    headers: { "Content-Type": "text/html; charset=utf-8", "Cache-Control": "no-store, no-cache", "X-Frame-Options": "DENY" },
    body: html,
  };
}

export function redirectResponse(location: string): EmulatorResponse {
  return { status: 302, headers: { Location: location, "Cache-Control": "no-store, no-cache" }, body: "" };
}

export function textResponse(status: number, text: string): EmulatorResponse {
  return { status, headers: { "Content-Type": "text/plain; charset=utf-8" }, body: text };
}

/** Discovery documents and key sets: cacheable for a day, readable from any origin (research 1.3 headers). */
export const METADATA_HEADERS = {
  "Cache-Control": "max-age=86400, private",
  "Access-Control-Allow-Origin": "*",
  "Access-Control-Allow-Methods": "GET, OPTIONS",
} as const;

/** Token endpoint answers, success or failure: never cached (observed headers, research 1.7). */
export const NO_STORE_HEADERS = { "Cache-Control": "no-store, no-cache", Pragma: "no-cache", Expires: "-1" } as const;

const BODY_LIMIT_BYTES = 1024 * 1024;

export async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    const buffer = chunk as Buffer;
    size += buffer.length;
    if (size > BODY_LIMIT_BYTES) throw new Error("request body too large");
    chunks.push(buffer);
  }
  return Buffer.concat(chunks).toString("utf8");
}

export function writeResponse(response: ServerResponse, result: EmulatorResponse, extraHeaders: Record<string, string>): void {
  response.writeHead(result.status, { ...extraHeaders, ...result.headers, "Content-Length": String(Buffer.byteLength(result.body)) });
  response.end(result.body);
}
