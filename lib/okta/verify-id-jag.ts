import { compactVerify, decodeJwt, decodeProtectedHeader, type JWTPayload } from "jose";
import type { Clock } from "@/lib/time/clock";
import type { OrgKeySets } from "./org-key-sets";
import type { OktaOrg } from "./okta-orgs";

/**
 * Validates an Identity Assertion JWT Authorization Grant (ID-JAG) presented with the jwt-bearer grant, in the order
 * of research §6.5 (the client was authenticated before this runs):
 *  1. the unverified `iss` must be an Okta org bound to a workspace — BEFORE any signature check, so only that org's
 *     keys ever verify its assertions and an unknown issuer costs no fetch;
 *  2. header `typ` exactly `oauth-id-jag+jwt`;  3. signature by the org's key (`kid`), RS256/ES256 only;
 *  4. `aud` = Gatehouse's issuer (a string, or an array of exactly one);  5. `client_id` = the authenticated client;
 *  6. `exp` in the future and `iat` not in the future (60 s skew), lifetime at most 10 minutes;  7. `jti` present
 *     (single use: id-jag-replay.ts, recorded by the caller once everything else passed);  8. `sub` present;
 *  9. `resource` (claim and request) must name Gatehouse's MCP resource;  10. scopes narrowed: the request's within
 *     the assertion's, then to what Gatehouse grants and the workspace allows.
 * Each failure has a stable code; the grant answers it as `invalid_grant` (resource: `invalid_target`, scope:
 * `invalid_scope`), 400, with the code's sentence.
 */
export const ID_JAG_TYP = "oauth-id-jag+jwt";
export const ID_JAG_ALGORITHMS = ["RS256", "ES256"];
export const ID_JAG_SKEW_SECONDS = 60;
export const ID_JAG_MAX_LIFETIME_SECONDS = 600;

export type IdJagRefusal =
  | "id_jag_malformed"
  | "id_jag_issuer_unknown"
  | "id_jag_wrong_type"
  | "id_jag_signature_invalid"
  | "id_jag_audience_mismatch"
  | "id_jag_client_mismatch"
  | "id_jag_expired"
  | "id_jag_issued_in_future"
  | "id_jag_lifetime_too_long"
  | "id_jag_jti_missing"
  | "id_jag_subject_missing"
  | "id_jag_resource_not_allowed"
  | "id_jag_scope_not_allowed";

export type VerifiedIdJag = { org: OktaOrg; subject: string; email: unknown; name: unknown; jti: string; exp: number; resource: string; scopes: string[] };
export type IdJagVerification = { ok: true; idJag: VerifiedIdJag } | { ok: false; code: IdJagRefusal; error: "invalid_grant" | "invalid_target" | "invalid_scope"; org?: OktaOrg };

export type IdJagContext = {
  /** The authenticated client's id at Gatehouse. */
  clientId: string;
  /** The `scope` and `resource` parameters of the token request, when sent. */
  requestedScope?: string;
  requestedResource?: string;
};

export type IdJagVerifierDependencies = {
  /** Gatehouse's issuer identifier (API_PUBLIC_URL): the only `aud` accepted. */
  issuer: string;
  /** The one resource Gatehouse's tokens are for (`{issuer}/mcp`) and the scopes it grants there. */
  resource: string;
  resourceScopes: readonly string[];
  orgByIssuer(issuer: string): Promise<OktaOrg | undefined>;
  keys: OrgKeySets;
  clock: Clock;
};

const refuse = (code: IdJagRefusal, org?: OktaOrg): IdJagVerification => ({ ok: false, code, error: "invalid_grant", org });

export async function verifyIdJag(assertion: unknown, context: IdJagContext, deps: IdJagVerifierDependencies): Promise<IdJagVerification> {
  if (typeof assertion !== "string" || assertion.length > 16_384 || assertion.split(".").length !== 3) return refuse("id_jag_malformed");
  let header: ReturnType<typeof decodeProtectedHeader>;
  let unverified: JWTPayload;
  try {
    header = decodeProtectedHeader(assertion);
    unverified = decodeJwt(assertion);
  } catch {
    return refuse("id_jag_malformed");
  }

  // 1. The issuer names the workspace, and with it the only keys that may verify this assertion.
  const org = typeof unverified.iss === "string" ? await deps.orgByIssuer(unverified.iss) : undefined;
  if (!org) return refuse("id_jag_issuer_unknown");
  // 2. Explicit typing (RFC 8725 §3.11): an ID token or access token of the same org is not an ID-JAG.
  if (header.typ !== ID_JAG_TYP) return refuse("id_jag_wrong_type", org);
  // 3. The signature, by the org's key named in the header, with an allow-listed algorithm.
  if (typeof header.alg !== "string" || !ID_JAG_ALGORITHMS.includes(header.alg)) return refuse("id_jag_signature_invalid", org);
  let claims: JWTPayload;
  try {
    const selected = await deps.keys.of(org.issuer).select(header.kid);
    if (!selected.ok) return refuse("id_jag_signature_invalid", org);
    claims = JSON.parse(new TextDecoder().decode((await compactVerify(assertion, selected.key.key, { algorithms: [header.alg] })).payload)) as JWTPayload;
  } catch {
    return refuse("id_jag_signature_invalid", org);
  }
  if (claims.iss !== org.issuer) return refuse("id_jag_issuer_unknown", org);
  // 4. Issued for this authorization server, exactly (no trailing-slash leniency).
  const aud = Array.isArray(claims.aud) ? (claims.aud.length === 1 ? claims.aud[0] : undefined) : claims.aud;
  if (aud !== deps.issuer) return refuse("id_jag_audience_mismatch", org);
  // 5. For the client that presents it.
  if ((claims as { client_id?: unknown }).client_id !== context.clientId) return refuse("id_jag_client_mismatch", org);
  // 6. Time.
  const now = Math.floor(deps.clock.now().getTime() / 1000);
  if (typeof claims.exp !== "number" || claims.exp + ID_JAG_SKEW_SECONDS <= now) return refuse("id_jag_expired", org);
  if (typeof claims.iat !== "number" || claims.iat - ID_JAG_SKEW_SECONDS > now) return refuse("id_jag_issued_in_future", org);
  if (claims.exp - claims.iat > ID_JAG_MAX_LIFETIME_SECONDS) return refuse("id_jag_lifetime_too_long", org);
  // 7–8. Identifiers.
  if (typeof claims.jti !== "string" || !claims.jti || claims.jti.length > 256) return refuse("id_jag_jti_missing", org);
  if (typeof claims.sub !== "string" || !claims.sub || claims.sub.length > 256) return refuse("id_jag_subject_missing", org);
  // 9. Resource (RFC 8707): the assertion's, if any, and the request's, if any, must both name Gatehouse's.
  const resource = (claims as { resource?: unknown }).resource;
  const resources = resource === undefined ? [deps.resource] : Array.isArray(resource) ? resource : [resource];
  if (!resources.includes(deps.resource) || (context.requestedResource !== undefined && context.requestedResource !== deps.resource))
    return { ok: false, code: "id_jag_resource_not_allowed", error: "invalid_target", org };
  // 10. Scope: never more than the assertion carries; then what Gatehouse grants and the workspace allows.
  const asserted = typeof claims.scope === "string" ? claims.scope.split(" ").filter(Boolean) : undefined;
  const requested = context.requestedScope?.split(" ").filter(Boolean);
  if (requested?.length && asserted && requested.some((s) => !asserted.includes(s))) return { ok: false, code: "id_jag_scope_not_allowed", error: "invalid_scope", org };
  const allowedByOrg = org.scope?.split(" ");
  const scopes = (requested?.length ? requested : (asserted ?? [...deps.resourceScopes])).filter((s) => deps.resourceScopes.includes(s) && (!allowedByOrg || allowedByOrg.includes(s)));
  if (!scopes.length) return { ok: false, code: "id_jag_scope_not_allowed", error: "invalid_scope", org };

  const { email, name } = claims as { email?: unknown; name?: unknown };
  return { ok: true, idJag: { org, subject: claims.sub, email, name, jti: claims.jti, exp: claims.exp, resource: deps.resource, scopes: [...new Set(scopes)] } };
}
