import { createECDH, hkdfSync } from "node:crypto";
import { calculateJwkThumbprint, importJWK, type JWK } from "jose";

/**
 * The ES256 key that signs the identity assertions the gateway sends upstream. It is derived, not stored: HKDF-SHA256
 * of SECRET_ENCRYPTION_KEY (with its own `info`, so it is independent of the at-rest encryption key) gives the P-256
 * private scalar, and node:crypto's ECDH computes the public point. Every instance with the same
 * SECRET_ENCRYPTION_KEY signs with the same key, nothing secret is written anywhere, and rotating
 * SECRET_ENCRYPTION_KEY rotates this key (its `kid` is the RFC 7638 thumbprint of the public key).
 */
export type AssertionSigningKey = { kid: string; privateKey: CryptoKey; publicJwk: JWK };

const INFO = "gatehouse mcp identity assertion ES256 v1";
// The order of P-256: a derived scalar must be below it (a 32-byte HKDF output is, except with probability ~2^-32).
const P256_ORDER = BigInt("0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551");

export async function deriveAssertionSigningKey(secretEncryptionKey: Uint8Array): Promise<AssertionSigningKey> {
  let scalar: Buffer | undefined;
  for (let counter = 0; !scalar; counter += 1) {
    const candidate = Buffer.from(hkdfSync("sha256", secretEncryptionKey, Buffer.from([counter]), INFO, 32));
    const value = BigInt(`0x${candidate.toString("hex")}`);
    if (value > BigInt(0) && value < P256_ORDER) scalar = candidate;
  }
  const ecdh = createECDH("prime256v1");
  ecdh.setPrivateKey(scalar);
  const point = ecdh.getPublicKey(); // 0x04 || x || y
  const publicJwk: JWK = { kty: "EC", crv: "P-256", x: point.subarray(1, 33).toString("base64url"), y: point.subarray(33, 65).toString("base64url") };
  const kid = await calculateJwkThumbprint(publicJwk);
  const privateKey = (await importJWK({ ...publicJwk, d: scalar.toString("base64url") }, "ES256")) as CryptoKey;
  return { kid, privateKey, publicJwk: { ...publicJwk, kid, use: "sig", alg: "ES256" } };
}
