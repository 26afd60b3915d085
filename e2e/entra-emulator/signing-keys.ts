import { createHash } from "node:crypto";
import { exportJWK } from "jose";
import { signingKeyCertificateDer } from "./certificates";

/**
 * One token-signing key as Entra runs them: RSA 2048 with a self-signed certificate, identified by `kid`, which is
 * the base64url SHA-1 thumbprint of that certificate (so `kid` == `x5t`).
 */
export type SigningKey = {
  kid: string;
  privateKey: CryptoKey;
  publicKey: CryptoKey;
  modulus: string;
  exponent: string;
  certificateDer: Buffer;
};

const RSA_2048_SHA256 = { name: "RSASSA-PKCS1-v1_5", modulusLength: 2048, publicExponent: new Uint8Array([1, 0, 1]), hash: "SHA-256" };

export async function createSigningKey(now: Date): Promise<SigningKey> {
  // The private key must be extractable only because @peculiar/x509 signs the self-signed certificate through
  // WebCrypto with it; nothing exports it.
  const keys = await crypto.subtle.generateKey(RSA_2048_SHA256, true, ["sign", "verify"]);
  const certificateDer = await signingKeyCertificateDer(keys, now);
  const jwk = await exportJWK(keys.publicKey);
  if (!jwk.n || !jwk.e) throw new Error("RSA public key without modulus or exponent");
  return {
    kid: createHash("sha1").update(certificateDer).digest("base64url"),
    privateKey: keys.privateKey,
    publicKey: keys.publicKey,
    modulus: jwk.n,
    exponent: jwk.e,
    certificateDer,
  };
}

/**
 * The published keys and the one that signs. Rotation adds a key and signs with it while the old key stays
 * published, which is how Entra rolls keys: a validator that caches the JWKS must refetch on an unknown `kid`.
 */
export class SigningKeyRing {
  private activeKid: string;
  private unpublishedKey: Promise<SigningKey> | undefined;

  private constructor(private readonly keys: SigningKey[]) {
    this.activeKid = keys[0]!.kid;
  }

  static async create(now: Date): Promise<SigningKeyRing> {
    return new SigningKeyRing([await createSigningKey(now)]);
  }

  active(): SigningKey {
    return this.keys.find((k) => k.kid === this.activeKid)!;
  }

  published(): readonly SigningKey[] {
    return this.keys;
  }

  async rotate(now: Date): Promise<SigningKey> {
    const key = await createSigningKey(now);
    this.keys.push(key);
    this.activeKid = key.kid;
    return key;
  }

  /**
   * Publishes standby keys (made like the others, never used to sign) until the key sets list at least `count`
   * keys. A token without `kid` then cannot pick its key by elimination (hostile mode `missing_kid`).
   */
  async publishAtLeast(count: number, now: Date): Promise<void> {
    while (this.keys.length < count) this.keys.push(await createSigningKey(now));
  }

  /** A key made like the published ones that no key set ever lists (hostile mode `unknown_kid`); one per ring. */
  unpublished(now: Date): Promise<SigningKey> {
    this.unpublishedKey ??= createSigningKey(now);
    return this.unpublishedKey;
  }

  /** Switches the signer to a published key; false when no published key has that `kid`. */
  activate(kid: string): boolean {
    if (!this.keys.some((k) => k.kid === kid)) return false;
    this.activeKid = kid;
    return true;
  }
}
