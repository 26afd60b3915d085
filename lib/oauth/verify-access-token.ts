import { errors, jwtVerify, type JWTPayload } from "jose";
import type { Clock } from "@/lib/time/clock";
import type { KeyRing } from "./key-ring";
import { SIGNING_ALG } from "./signing-keys";

/**
 * Verifies an access token Gatehouse's authorization server issued (RFC 9068: ES256, `typ: at+jwt`), for a resource
 * server such as the `/mcp` gateway. Keys come from the instance's in-memory key ring: no database round trip per
 * token; an unknown `kid` reloads the ring at most once per cooldown (a rotation on another instance). A revoked
 * grant or removed person therefore still holds a token this accepts until it expires (15 minutes at most); the
 * gateway looks a person up again after their workspace changed (lib/mcp/gatehouse-credential-verifier.ts).
 */
export type GatehousePrincipal = {
  /** A person's token (authorization code) or a machine account's (client credentials, `principal: "machine"`). */
  kind: "user" | "machine";
  /** The user id, or the machine's client id. */
  sub: string;
  /** The workspace (tenant id) the person consented for, or null when they had none. */
  workspace: string | null;
  /** The person's address as Gatehouse holds it, when it has one (machines have none). */
  email: string | null;
  scopes: string[];
  clientId: string;
  expiresAt: Date;
  issuedAt: Date | null;
};

export type AccessTokenRefusal =
  | "token_malformed"
  | "token_wrong_type"
  | "token_wrong_algorithm"
  | "token_unknown_key"
  | "token_signature_invalid"
  | "token_wrong_issuer"
  | "token_wrong_audience"
  | "token_expired"
  | "token_not_yet_valid"
  | "token_claims_missing"
  /** No authorization server runs in this process (gatehouse-access-token.ts). */
  | "token_issuer_unavailable";

export type AccessTokenVerification = { ok: true; principal: GatehousePrincipal } | { ok: false; code: AccessTokenRefusal };

export type GatehouseAccessTokenVerifier = (token: string, options: { resource: string }) => Promise<AccessTokenVerification>;

/** Clock skew tolerated on `exp`/`nbf`/`iat`, as for every other token Gatehouse verifies. */
const SKEW_SECONDS = 60;

export function gatehouseAccessTokenVerifier(dependencies: { keyRing: KeyRing; issuer: string; clock: Clock }): GatehouseAccessTokenVerifier {
  const { keyRing, issuer, clock } = dependencies;
  const verifyOnce = (token: string, resource: string) =>
    jwtVerify(token, keyRing.verificationKeys(), {
      algorithms: [SIGNING_ALG],
      typ: "at+jwt",
      issuer,
      audience: resource,
      currentDate: clock.now(),
      clockTolerance: SKEW_SECONDS,
      requiredClaims: ["sub", "exp", "client_id", "jti"],
    });

  return async function verifyGatehouseAccessToken(token, { resource }) {
    if (typeof token !== "string" || token.length > 8192 || token.split(".").length !== 3) return { ok: false, code: "token_malformed" };
    let payload: JWTPayload;
    try {
      payload = (await verifyOnce(token, resource)).payload;
    } catch (error) {
      if (!(error instanceof errors.JWKSNoMatchingKey) || !(await keyRing.refreshForUnknownKid())) return { ok: false, code: refusalOf(error) };
      try {
        payload = (await verifyOnce(token, resource)).payload;
      } catch (retried) {
        return { ok: false, code: refusalOf(retried) };
      }
    }
    const { sub, client_id: clientId, scope, workspace, email, exp, iat, principal } = payload as JWTPayload & {
      client_id?: unknown;
      scope?: unknown;
      workspace?: unknown;
      email?: unknown;
      principal?: unknown;
    };
    if (typeof sub !== "string" || typeof clientId !== "string" || typeof exp !== "number") return { ok: false, code: "token_claims_missing" };
    return {
      ok: true,
      principal: {
        kind: principal === "machine" ? "machine" : "user",
        sub,
        workspace: typeof workspace === "string" ? workspace : null,
        email: principal !== "machine" && typeof email === "string" ? email : null,
        scopes: typeof scope === "string" && scope ? scope.split(" ") : [],
        clientId,
        expiresAt: new Date(exp * 1000),
        issuedAt: typeof iat === "number" ? new Date(iat * 1000) : null,
      },
    };
  };
}

function refusalOf(error: unknown): AccessTokenRefusal {
  if (error instanceof errors.JWTExpired) return "token_expired";
  if (error instanceof errors.JOSEAlgNotAllowed) return "token_wrong_algorithm";
  if (error instanceof errors.JWKSNoMatchingKey) return "token_unknown_key";
  if (error instanceof errors.JWSSignatureVerificationFailed) return "token_signature_invalid";
  if (error instanceof errors.JWTClaimValidationFailed) {
    if (error.claim === "iss") return "token_wrong_issuer";
    if (error.claim === "aud") return "token_wrong_audience";
    if (error.claim === "typ") return "token_wrong_type";
    if (error.claim === "nbf" || error.claim === "iat") return "token_not_yet_valid";
    return "token_claims_missing";
  }
  return "token_malformed";
}
