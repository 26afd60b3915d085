import { createCipheriv, createDecipheriv, createHash, randomBytes } from "node:crypto";

/**
 * Encryption of secrets at rest (tenants' client secrets) with AES-256-GCM from node:crypto.
 *
 * Format: `v1.<kid>.<iv>.<ciphertext>.<tag>` (base64url parts). `kid` names the key (first 16 hex digits of its
 * SHA-256), so after a key rotation old values still say which key opens them. The associated data binds a
 * ciphertext to its owner (the tenant id): a value copied into another tenant's row does not decrypt.
 */
export type SecretKey = { kid: string; key: Uint8Array };

export class SecretDecryptionError extends Error {
  readonly code = "secret_undecryptable";
}

export function secretKey(key: Uint8Array): SecretKey {
  if (key.length !== 32) throw new Error("a secret-encryption key is 32 bytes");
  return { kid: createHash("sha256").update(key).digest("hex").slice(0, 16), key };
}

export function encryptSecret(plaintext: string, owner: string, key: SecretKey): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", key.key, iv);
  cipher.setAAD(Buffer.from(owner, "utf8"));
  const ciphertext = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
  return ["v1", key.kid, iv.toString("base64url"), ciphertext.toString("base64url"), cipher.getAuthTag().toString("base64url")].join(".");
}

/** `keys`: the current key first, then retired ones still able to decrypt. */
export function decryptSecret(sealed: string, owner: string, keys: SecretKey[]): string {
  const [version, kid, iv, ciphertext, tag] = sealed.split(".");
  const key = keys.find((k) => k.kid === kid);
  if (version !== "v1" || !key || !iv || ciphertext === undefined || !tag) throw new SecretDecryptionError("unknown secret format or key");
  try {
    const decipher = createDecipheriv("aes-256-gcm", key.key, Buffer.from(iv, "base64url"));
    decipher.setAAD(Buffer.from(owner, "utf8"));
    decipher.setAuthTag(Buffer.from(tag, "base64url"));
    return Buffer.concat([decipher.update(Buffer.from(ciphertext, "base64url")), decipher.final()]).toString("utf8");
  } catch {
    throw new SecretDecryptionError("the secret does not decrypt with its key");
  }
}
