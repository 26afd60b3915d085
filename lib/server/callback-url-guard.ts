import type { IncomingMessage } from "node:http";
import { consoleCookieNames, tenantCookieNames } from "@/lib/auth/cookie-names";

/**
 * Auth.js answers 500 ("a problem with the server configuration") when the return address it is handed, in the
 * `callbackUrl` query parameter or in its callback-URL cookie, is not an http(s) URL: a browser sending a mangled
 * cookie would see a server error on every auth request, and anyone can send one. The server drops such a value
 * before the request reaches the app, with the same test Auth.js applies, so Auth.js falls back to its default.
 */
const COOKIE_NAMES = new Set([false, true].flatMap((secure) => [tenantCookieNames(secure).callbackUrl, consoleCookieNames(secure).callbackUrl]));

function isHttpUrl(value: string, base: string): boolean {
  try {
    return /^https?:/.test(new URL(value, value.startsWith("/") ? base : undefined).protocol);
  } catch {
    return false;
  }
}

export function dropInvalidCallbackUrls(req: IncomingMessage, base: string): void {
  const cookie = req.headers.cookie;
  if (cookie) {
    const kept = cookie.split(";").filter((pair) => {
      const eq = pair.indexOf("=");
      if (eq < 0 || !COOKIE_NAMES.has(pair.slice(0, eq).trim())) return true;
      try {
        return isHttpUrl(decodeURIComponent(pair.slice(eq + 1).trim()), base);
      } catch {
        return false;
      }
    });
    if (kept.length) req.headers.cookie = kept.join(";");
    else delete req.headers.cookie;
  }
  const url = req.url ?? "/";
  if (!(url.startsWith("/api/v1/auth/") || url.startsWith("/api/v1/manage/auth/")) || !url.includes("callbackUrl")) return;
  const parsed = new URL(url, base);
  const value = parsed.searchParams.get("callbackUrl");
  if (value === null || isHttpUrl(value, base)) return;
  parsed.searchParams.delete("callbackUrl");
  req.url = `${parsed.pathname}${parsed.search}`;
}
