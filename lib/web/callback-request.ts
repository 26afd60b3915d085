import { NextRequest } from "next/server";
import type { CookieNames } from "@/lib/auth/cookie-names";

/** Helpers for the guards that run in front of an Auth.js OIDC callback (tenant and console instances alike). */

/** The callback's parameters: the query string, or the form body of a `form_post` response. */
export async function callbackParams(request: NextRequest): Promise<URLSearchParams> {
  if (request.method !== "POST") return request.nextUrl.searchParams;
  try {
    return new URLSearchParams(await request.clone().text());
  } catch {
    return new URLSearchParams();
  }
}

/** Whether the in-flight sign-in cookies (state and PKCE verifier) came back with the callback. */
export function hasSignInChecks(request: NextRequest, names: CookieNames): boolean {
  return request.cookies.has(names.state) && request.cookies.has(names.pkceCodeVerifier);
}

/** A redirect that also deletes the in-flight sign-in cookies, so a failed sign-in cannot be replayed. */
export function redirectClearingChecks(location: string, names: CookieNames): Response {
  const headers = new Headers({ location });
  for (const name of [names.state, names.pkceCodeVerifier, names.nonce, names.callbackUrl])
    headers.append("set-cookie", `${name}=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax${name.startsWith("__Host-") ? "; Secure" : ""}`);
  return new Response(null, { status: 302, headers });
}

/**
 * The request as an Auth.js instance must see it: on that instance's public origin. Next.js builds a route handler's
 * URL from the listener (HOST:PORT), and Auth.js derives the callback's redirect_uri and its error redirects from
 * that URL, so without this the code would be redeemed with another redirect_uri than the one it was issued for.
 * A plain Request, because NextRequest would rewrite any loopback host (127.0.0.1) to "localhost"; Auth.js's
 * handlers read only the standard Request fields (with AUTH_URL unset).
 */
export async function onPublicOrigin(request: NextRequest, origin: string): Promise<NextRequest> {
  const current = new URL(request.url);
  const url = new URL(`${current.pathname}${current.search}`, origin);
  if (url.href === current.href) return request;
  const body = request.method === "POST" ? await request.text() : undefined;
  return new Request(url, { method: request.method, headers: request.headers, body }) as NextRequest;
}

/** The same request without one cookie (the session a callback must not attach a new identity to). */
export async function withoutCookie(request: NextRequest, name: string): Promise<NextRequest> {
  const headers = new Headers(request.headers);
  const others = request.cookies.getAll().filter((c) => c.name !== name);
  headers.set("cookie", others.map((c) => `${c.name}=${encodeURIComponent(c.value)}`).join("; "));
  return new NextRequest(request.url, { method: request.method, headers, body: request.method === "POST" ? await request.text() : undefined });
}
