/**
 * Cookie names of the tenant-user Auth.js instance. Every cookie Auth.js can set is named here (not only the
 * session), so that the console's instance can use a disjoint set; no name is a prefix of another, because Auth.js
 * gathers every cookie whose name starts with the session cookie's name as one chunked session.
 * Over https the names carry `__Host-`: the browser then insists on Secure, Path=/ and no Domain.
 */
export function tenantCookieNames(secure: boolean) {
  const prefix = secure ? "__Host-" : "";
  return {
    sessionToken: `${prefix}gatehouse.sid`,
    callbackUrl: `${prefix}gatehouse.return-to`,
    csrfToken: `${prefix}gatehouse.csrf`,
    pkceCodeVerifier: `${prefix}gatehouse.pkce`,
    state: `${prefix}gatehouse.state`,
    nonce: `${prefix}gatehouse.nonce`,
    webauthnChallenge: `${prefix}gatehouse.webauthn`,
  };
}

/**
 * Cookie names of the management console's Auth.js instance: disjoint from the tenant instance's, and no name a
 * prefix of another's (`gatehouse-console.` is not a prefix of `gatehouse.` nor the reverse).
 */
export function consoleCookieNames(secure: boolean): CookieNames {
  const prefix = secure ? "__Host-" : "";
  return {
    sessionToken: `${prefix}gatehouse-console.sid`,
    callbackUrl: `${prefix}gatehouse-console.return-to`,
    csrfToken: `${prefix}gatehouse-console.csrf`,
    pkceCodeVerifier: `${prefix}gatehouse-console.pkce`,
    state: `${prefix}gatehouse-console.state`,
    nonce: `${prefix}gatehouse-console.nonce`,
    webauthnChallenge: `${prefix}gatehouse-console.webauthn`,
  };
}

export type CookieNames = ReturnType<typeof tenantCookieNames>;

/** The `cookies` option of an Auth.js config: the names above, HttpOnly, SameSite=Lax, Secure over https. */
export function authJsCookies(names: CookieNames, secure: boolean) {
  const options = { httpOnly: true, sameSite: "lax" as const, path: "/", secure };
  return Object.fromEntries(Object.entries(names).map(([key, name]) => [key, { name, options }]));
}
