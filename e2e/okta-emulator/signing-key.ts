import { randomBytes } from "node:crypto";
import { exportJWK, type JWK } from "jose";

/** The org's token-signing key: RSA 2048, RS256, named by a random `kid` as Okta's are. */
export type OktaSigningKey = { kid: string; privateKey: CryptoKey; publicJwk: JWK };

export async function createOktaSigningKey(): Promise<OktaSigningKey> {
  const keys = await crypto.subtle.generateKey({ name: "RSASSA-PKCS1-v1_5", modulusLength: 2048, publicExponent: new Uint8Array([1, 0, 1]), hash: "SHA-256" }, true, ["sign", "verify"]);
  const kid = randomBytes(32).toString("base64url").slice(0, 43);
  return { kid, privateKey: keys.privateKey, publicJwk: { ...(await exportJWK(keys.publicKey)), kid, alg: "RS256", use: "sig" } };
}
