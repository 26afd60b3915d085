import { randomUUID } from "node:crypto";
import { SignJWT } from "jose";
import type { Clock } from "@/lib/time/clock";
import type { AssertionSigningKey } from "./assertion-signing-key";
import type { VerifiedPrincipal } from "./principal";

/**
 * What the upstream MCP server receives instead of the client's credential (MCP spec: no token passthrough): a
 * short-lived ES256 JWT, signed by Gatehouse, sent as `Authorization: Bearer <assertion>` with the principal's
 * requests in its first 30 seconds (assertion-reuse.ts).
 *
 *   header  { alg: "ES256", kid, typ: "gatehouse-identity+jwt" }
 *   claims  iss = API_PUBLIC_URL, aud = MCP_UPSTREAM_URL, sub, iat, exp = iat + 60, jti,
 *           principal ("user" | "machine"), workspace (key), workspace_id, email, scope (space-separated),
 *           credential (the kind the client presented), and tid/oid for an Entra person.
 *
 * An upstream verifies it with the keys at `{API_PUBLIC_URL}/.well-known/mcp-assertion-keys.json`, pinning the
 * algorithm, `typ`, `iss` and its own URL as `aud` (README, "MCP gateway").
 */
export const ASSERTION_TYPE = "gatehouse-identity+jwt";
export const ASSERTION_LIFETIME_SECONDS = 60;
export const ASSERTION_KEYS_PATH = "/.well-known/mcp-assertion-keys.json";

export async function signIdentityAssertion(
  principal: VerifiedPrincipal,
  options: { issuer: string; audience: string; key: AssertionSigningKey; clock: Clock },
): Promise<string> {
  const now = Math.floor(options.clock.now().getTime() / 1000);
  return new SignJWT({
    principal: principal.kind,
    workspace: principal.workspace.key,
    workspace_id: principal.workspace.id,
    email: principal.email,
    scope: principal.scopes.join(" "),
    credential: principal.credential,
    ...(principal.entra ? { tid: principal.entra.tid, oid: principal.entra.oid } : {}),
  })
    .setProtectedHeader({ alg: "ES256", kid: options.key.kid, typ: ASSERTION_TYPE })
    .setIssuer(options.issuer)
    .setAudience(options.audience)
    .setSubject(principal.subject)
    .setIssuedAt(now)
    .setExpirationTime(now + ASSERTION_LIFETIME_SECONDS)
    .setJti(randomUUID())
    .sign(options.key.privateKey);
}

/** The JWKS document upstreams fetch: the public half of the current key (and of retired ones, when given). */
export function assertionKeySet(keys: readonly AssertionSigningKey[]): { keys: unknown[] } {
  return { keys: keys.map((k) => k.publicJwk) };
}
