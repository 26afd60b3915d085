import { Agent, request } from "node:http";

/**
 * A plain HTTP/1.1 request that accepts answers with large heads. Node's fetch gives up on response heads above
 * 16 KiB, but a redirect that echoes an 8 KiB query string twice (Next.js's Location and Refresh for a trailing
 * slash) is a normal answer, and browsers take it; input tests must see its status rather than a client error.
 */
const agent = new Agent({ keepAlive: true, maxSockets: 8 });

export type RawAnswer = { status: number; headers: Record<string, string | string[] | undefined>; setCookies: string[] };

export function rawRequest(url: string, options: { method?: string; headers?: Record<string, string>; body?: string } = {}): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = { ...options.headers };
    if (options.body !== undefined) {
      headers["content-type"] ??= "application/x-www-form-urlencoded";
      headers["content-length"] = String(Buffer.byteLength(options.body));
    }
    const outgoing = request(url, { method: options.method ?? "GET", headers, agent, maxHeaderSize: 1 << 20 }, (response) => {
      response.resume();
      response.on("end", () =>
        resolve({ status: response.statusCode ?? 0, headers: response.headers, setCookies: response.headers["set-cookie"] ?? [] }),
      );
      response.on("error", reject);
    });
    outgoing.on("error", reject);
    outgoing.end(options.body);
  });
}
