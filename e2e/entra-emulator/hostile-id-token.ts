import { createPublicKey } from "node:crypto";
import { SignJWT, type JWTPayload } from "jose";
import { v2Issuer } from "./authority";
import { tokenTimes } from "./claims";
import {
  HOSTILE_OTHER_CLIENT_ID,
  HOSTILE_OTHER_TENANT_ID,
  OVERSIZED_PADDING_CLAIM,
  OVERSIZED_RESPONSE_BYTES,
  type HostileMode,
} from "./hostile-modes";
import { opaqueValue } from "./ids";
import type { SigningKey, SigningKeyRing } from "./signing-keys";
import { signToken } from "./token-signing";

/**
 * The ID token of a client in hostile mode: what its claims say (`hostileIdTokenClaims`) and how it is signed
 * (`signIdToken`). Each mode changes one thing and leaves the rest as the normal token has it; a mode that is not
 * about the ID token leaves it untouched.
 */

export function hostileIdTokenClaims(
  mode: HostileMode | undefined,
  claims: Record<string, unknown>,
  origin: string,
  nowSeconds: number,
): Record<string, unknown> {
  switch (mode) {
    case "wrong_iss":
      // A well-formed issuer of another directory; `tid` still names the real one, so only the pair disagrees.
      return { ...claims, iss: v2Issuer(origin, HOSTILE_OTHER_TENANT_ID) };
    case "wrong_aud":
      return { ...claims, aud: HOSTILE_OTHER_CLIENT_ID };
    case "missing_aud":
      return without(claims, "aud");
    case "expired":
      // The token of a sign-in 80 minutes ago: expired 20 minutes ago, beyond any clock-skew allowance.
      return { ...claims, ...tokenTimes(nowSeconds - 3600 - 20 * 60) };
    case "future_iat":
      // Issued (and valid from) an hour from now, with the usual lifetime after that.
      return { ...claims, ...tokenTimes(nowSeconds + 3600 + 300) };
    case "wrong_nonce":
      return { ...claims, nonce: opaqueValue(16) };
    case "missing_nonce":
      return without(claims, "nonce");
    default:
      return claims;
  }
}

/** Signs the ID token as the mode says; the modes about claims or other answers get the normal signature. */
export async function signIdToken(mode: HostileMode | undefined, claims: Record<string, unknown>, keys: SigningKeyRing, now: Date): Promise<string> {
  const active = keys.active();
  switch (mode) {
    case "bad_signature":
      return corruptSignature(await signToken(claims, active, 2));
    case "unknown_kid":
      return signToken(claims, await keys.unpublished(now), 2);
    case "missing_kid":
      // The admin API publishes a standby key when this mode is set, so the key sets list two or more keys.
      return new SignJWT(claims as JWTPayload).setProtectedHeader({ typ: "JWT", alg: "RS256" }).sign(active.privateKey);
    case "alg_none":
      // An unsecured JWS (RFC 7515 appendix A.5) that still names the real key, as a forger would leave it.
      return `${base64urlJson({ typ: "JWT", alg: "none", kid: active.kid })}.${base64urlJson(claims)}.`;
    case "hs256_public_key":
      return new SignJWT(claims as JWTPayload).setProtectedHeader({ typ: "JWT", alg: "HS256", kid: active.kid }).sign(hs256KeyBytes(active));
    default:
      return signToken(claims, active, 2);
  }
}

/**
 * The HMAC key of `hs256_public_key`: the UTF-8 bytes of the published key (its JWKS `n` and `e`) as SPKI PEM,
 * exactly as Node writes it (`KeyObject.export({ type: "spki", format: "pem" })`: 64-column base64 lines, `\n`
 * line ends, a final `\n`). A verifier that takes "the key" for the `kid` and lets the header's `alg` choose how
 * to use it accepts this token.
 */
export function hs256KeyBytes(key: SigningKey): Uint8Array {
  const publicKey = createPublicKey({ key: { kty: "RSA", n: key.modulus, e: key.exponent }, format: "jwk" });
  return new TextEncoder().encode(String(publicKey.export({ type: "spki", format: "pem" })));
}

/**
 * `oversized_token`: the ID token padded with one claim until the whole token response (`otherBytes` is its size
 * without the ID token) reaches OVERSIZED_RESPONSE_BYTES; validly signed, so the size is the only thing wrong.
 */
export async function oversizedIdToken(claims: Record<string, unknown>, key: SigningKey, otherBytes: number): Promise<string> {
  let token = await signToken(claims, key, 2);
  let padding = 0;
  while (otherBytes + token.length < OVERSIZED_RESPONSE_BYTES) {
    // Three bytes of payload JSON become four base64url characters of the token.
    padding += Math.ceil(((OVERSIZED_RESPONSE_BYTES - otherBytes - token.length) * 3) / 4);
    token = await signToken({ ...claims, [OVERSIZED_PADDING_CLAIM]: "A".repeat(padding) }, key, 2);
  }
  return token;
}

/** Flips the lowest bit of the signature: same length, still below the modulus, no longer the signature. */
function corruptSignature(token: string): string {
  const [header, payload, signature] = token.split(".") as [string, string, string];
  const bytes = Buffer.from(signature, "base64url");
  bytes[bytes.length - 1]! ^= 0x01;
  return `${header}.${payload}.${bytes.toString("base64url")}`;
}

function base64urlJson(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString("base64url");
}

function without(claims: Record<string, unknown>, name: string): Record<string, unknown> {
  const copy = { ...claims };
  delete copy[name];
  return copy;
}
