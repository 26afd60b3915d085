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

/** The same request without one cookie (the session a callback must not attach a new identity to). */
export async function withoutCookie(request: NextRequest, name: string): Promise<NextRequest> {
  const headers = new Headers(request.headers);
  const others = request.cookies.getAll().filter((c) => c.name !== name);
  headers.set("cookie", others.map((c) => `${c.name}=${encodeURIComponent(c.value)}`).join("; "));
  return new NextRequest(request.url, { method: request.method, headers, body: request.method === "POST" ? await request.text() : undefined });
}
