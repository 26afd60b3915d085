import type { IncomingMessage, ServerResponse } from "node:http";

/**
 * The small request/answer shapes of the routes Gatehouse's Node server answers itself, before Next.js (sign-in
 * legs and the session check): plain values in, plain values out, so a route is a function a test can call.
 */
export type Exchange = {
  method: string;
  /** The request's URL on the public origin it was addressed to. */
  url: URL;
  cookies: ReadonlyMap<string, string>;
  header(name: string): string | undefined;
  clientIp: string;
  /** The body as text, at most `limit` bytes (undefined when larger). */
  body(limit: number): Promise<string | undefined>;
};

export type Answer = { status: number; headers: Record<string, string | string[]>; body?: string };

/** A redirect: 302 by default; the sign-in starts answer 307 (Temporary Redirect), as they always have. */
export function redirectTo(location: string, setCookies: string[] = [], status: 302 | 307 = 302): Answer {
  return { status, headers: { location, "cache-control": "no-store", ...(setCookies.length ? { "set-cookie": setCookies } : {}) } };
}

export function jsonAnswer(status: number, body: unknown, headers: Record<string, string> = {}): Answer {
  return { status, headers: { "content-type": "application/json", "cache-control": "no-store", ...headers }, body: JSON.stringify(body) };
}

export type CookieOptions = { secure: boolean; expires?: Date; maxAgeSeconds?: number };

/** A Set-Cookie value: HttpOnly, SameSite=Lax, Path=/, Secure over https (where names carry `__Host-`). */
export function setCookie(name: string, value: string, options: CookieOptions): string {
  let cookie = `${name}=${value}; Path=/; HttpOnly; SameSite=Lax`;
  if (options.secure) cookie += "; Secure";
  if (options.maxAgeSeconds !== undefined) cookie += `; Max-Age=${options.maxAgeSeconds}`;
  if (options.expires) cookie += `; Expires=${options.expires.toUTCString()}`;
  return cookie;
}

export function deleteCookie(name: string, secure: boolean): string {
  return setCookie(name, "", { secure, maxAgeSeconds: 0 });
}

/** Cookies of a request head. Values that do not decode are kept as sent; a repeated name keeps its first value. */
export function parseCookies(header: string | undefined): Map<string, string> {
  const cookies = new Map<string, string>();
  if (!header) return cookies;
  for (const part of header.split(";")) {
    const eq = part.indexOf("=");
    if (eq < 1) continue;
    const name = part.slice(0, eq).trim();
    if (!name || cookies.has(name)) continue;
    const raw = part.slice(eq + 1).trim().replace(/^"(.*)"$/, "$1");
    let value = raw;
    try {
      value = decodeURIComponent(raw);
    } catch {
      // kept as sent
    }
    cookies.set(name, value);
  }
  return cookies;
}

export function exchangeOf(req: IncomingMessage, origin: string, clientIp: string): Exchange {
  return {
    method: req.method ?? "GET",
    url: new URL(req.url ?? "/", origin),
    cookies: parseCookies(req.headers.cookie),
    header: (name) => {
      const value = req.headers[name.toLowerCase()];
      return Array.isArray(value) ? value[0] : value;
    },
    clientIp,
    body: (limit) =>
      new Promise((resolve) => {
        const chunks: Buffer[] = [];
        let size = 0;
        let over = false;
        req.on("data", (chunk: Buffer) => {
          size += chunk.length;
          if (size > limit) over = true;
          else chunks.push(chunk);
        });
        req.on("end", () => resolve(over ? undefined : Buffer.concat(chunks).toString("utf8")));
        req.on("error", () => resolve(undefined));
      }),
  };
}

export function sendAnswer(res: ServerResponse, answer: Answer): void {
  res.writeHead(answer.status, answer.headers);
  res.end(answer.body);
}
