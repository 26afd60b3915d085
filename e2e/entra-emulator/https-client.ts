import { request as httpsRequest } from "node:https";
import type { IncomingHttpHeaders } from "node:http";

/**
 * A minimal HTTPS client that trusts the emulator's CA explicitly. Node's `fetch` cannot be given a CA without
 * undici's dispatcher, and NODE_EXTRA_CA_CERTS is read only at process start, which is too late for a test that
 * starts the emulator itself.
 */
export type HttpsResponse = { status: number; headers: IncomingHttpHeaders; body: string };

export type HttpsRequestOptions = { method?: string; headers?: Record<string, string>; body?: string; ca: string };

export function httpsFetch(url: string, options: HttpsRequestOptions): Promise<HttpsResponse> {
  return new Promise((resolve, reject) => {
    const body = options.body ?? "";
    const outgoing = httpsRequest(
      url,
      {
        method: options.method ?? "GET",
        headers: { ...(body ? { "Content-Length": String(Buffer.byteLength(body)) } : {}), ...options.headers },
        ca: options.ca,
        // A fresh connection per request: tests stop emulators freely, and no pooled socket outlives one.
        agent: false,
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on("data", (chunk: Buffer) => chunks.push(chunk));
        response.on("end", () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body: Buffer.concat(chunks).toString("utf8") }));
        response.on("error", reject);
      },
    );
    outgoing.on("error", reject);
    outgoing.end(body);
  });
}

export function formBody(fields: Record<string, string>): { body: string; headers: Record<string, string> } {
  return { body: new URLSearchParams(fields).toString(), headers: { "Content-Type": "application/x-www-form-urlencoded" } };
}
