import { decodeJwt, type JWTPayload } from "jose";
import { invalidToken, type CredentialRefusal } from "./credential-refusal";
import type { CredentialKind, VerifiedPrincipal } from "./principal";

/**
 * The gateway's one seam: "credential → verified principal". Each credential kind has one verifier that says
 * which credentials are its own (a JWT by its unverified `iss`, an opaque key by its form, e.g. its prefix; only to
 * route — the verifier then checks everything) and verifies them. Later kinds (Gatehouse's own access tokens, machine credentials, API keys) are added to the list
 * built in gateway-context.ts; the gateway itself does not change.
 */
export type CredentialTarget = { workspaceKey?: string };

export type CredentialVerification =
  | {
      ok: true;
      principal: VerifiedPrincipal;
      scopeHint?: string;
      /** When the credential itself stops being accepted; the principal cache (principal-cache.ts) keeps it no longer. */
      expiresAt?: Date;
      /** A use the credential's owner sees recorded (an API key's "last used"): the principal cache records its hits. */
      use?: CredentialUse;
    }
  | CredentialRefusal;

/** A coarse record of use: `record(now)` is due from `dueAt` on, and returns when the next one is due. */
export type CredentialUse = { dueAt: Date; record(now: Date): Promise<Date> };

export type CredentialVerifier = {
  kind: CredentialKind;
  recognizes(claims: JWTPayload): boolean;
  /** For credentials that are not JWTs (API keys): whether this bearer value is this kind's, by its form alone. */
  recognizesOpaque?(token: string): boolean;
  verify(token: string, target: CredentialTarget): Promise<CredentialVerification>;
};

export async function verifyCredential(verifiers: readonly CredentialVerifier[], token: string, target: CredentialTarget): Promise<CredentialVerification> {
  const opaque = verifiers.find((v) => v.recognizesOpaque?.(token));
  if (opaque) return opaque.verify(token, target);
  let claims: JWTPayload;
  try {
    claims = decodeJwt(token);
  } catch {
    return invalidToken("malformed", "mcp_token_malformed");
  }
  const verifier = verifiers.find((v) => v.recognizes(claims));
  if (!verifier) return invalidToken("issuer_not_accepted", "mcp_token_malformed");
  return verifier.verify(token, target);
}
