/**
 * Which public origin a request is served under, decided from its Host header before Next.js sees it:
 *  - when MGMT_PUBLIC_URL's host differs from API_PUBLIC_URL's, the console (pages under /manage, API under
 *    /api/v1/manage) answers only on the console's host, and that host serves nothing else (its root goes to
 *    /manage); the broker's host does not serve the console;
 *  - otherwise everything is on API_PUBLIC_URL, the console under /manage.
 * The server then sets X-Forwarded-Host/-Proto to that origin (replacing whatever a client sent), so Auth.js,
 * Next.js's server-action origin check and redirects all see the public origin, never an internal one.
 */
export type OriginDecision =
  | { kind: "serve"; origin: string }
  | { kind: "redirect"; location: string }
  | { kind: "not_found" };

const CONSOLE_PATH = /^\/(?:manage|api\/v1\/manage)(?:\/|$)/;
const SHARED_PATH = /^\/(?:_next\/|favicon\.ico$|api\/health$)/;

export function decideOrigin(publicUrls: { apiPublicUrl: string; mgmtPublicUrl: string }, hostHeader: string | undefined, path: string): OriginDecision {
  const api = new URL(publicUrls.apiPublicUrl);
  const console = new URL(publicUrls.mgmtPublicUrl);
  if (api.host === console.host) return { kind: "serve", origin: api.origin };
  const onConsoleHost = (hostHeader ?? "").toLowerCase() === console.host;
  const consolePath = CONSOLE_PATH.test(path);
  if (onConsoleHost) {
    if (path === "/") return { kind: "redirect", location: `${console.origin}/manage` };
    return consolePath || SHARED_PATH.test(path) ? { kind: "serve", origin: console.origin } : { kind: "not_found" };
  }
  return consolePath ? { kind: "not_found" } : { kind: "serve", origin: api.origin };
}

/**
 * CSRF for pages: a state-changing request to a page (a Next.js server action) must come from the origin it is
 * served under. Next.js checks this too, but answers a foreign origin with a 500; this answers 403 first. Route
 * handlers under /api check their own Origin (and Entra's form_post callback comes from Microsoft's origin).
 */
export function isCrossOriginPagePost(method: string | undefined, path: string, originHeader: string | undefined, origin: string): boolean {
  // The OAuth endpoints (/oauth2/*) are called cross-origin by design (public clients, CORS per client).
  if (method === "GET" || method === "HEAD" || method === "OPTIONS" || path.startsWith("/api/") || path.startsWith("/oauth2/")) return false;
  return originHeader !== undefined && originHeader !== origin;
}
