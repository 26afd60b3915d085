import { createHmac, hkdfSync, randomBytes, timingSafeEqual } from "node:crypto";
import type Provider from "oidc-provider";

/**
 * Secrets of confidential clients (staff-registered server apps, machine accounts) are never stored: a client's
 * `client_secret`, as oidc-provider keeps it, is `$hmac$` followed by up to two keyed hashes (HMAC-SHA-256 under a
 * key derived from SECRET_ENCRYPTION_KEY), so a client can hold two live secrets while one is rotated out.
 * oidc-provider compares a presented secret through `compareClientSecret`, which Gatehouse replaces with a check
 * against those hashes; a stored value in any other form matches nothing. Secrets are 32 random bytes, so a keyed
 * hash is enough (no password hashing); rotating SECRET_ENCRYPTION_KEY invalidates every client secret.
 */
const MARKER = "$hmac$";
const HKDF_INFO = "gatehouse oauth client secret hmac v1";
export const MAX_LIVE_CLIENT_SECRETS = 2;

export type ClientSecretHasher = {
  /** The keyed hash of one secret. */
  hash(secret: string): string;
  /** The value kept as the client's `client_secret` for these live hashes (newest first). */
  storedForm(hashes: readonly string[]): string;
  matches(secret: string, stored: string | undefined): boolean;
};

export function clientSecretHasher(secretEncryptionKey: Uint8Array): ClientSecretHasher {
  const hmacKey = Buffer.from(hkdfSync("sha256", secretEncryptionKey, Buffer.alloc(0), HKDF_INFO, 32));
  const hash = (secret: string) => createHmac("sha256", hmacKey).update(secret, "utf8").digest("base64url");
  return {
    hash,
    storedForm(hashes) {
      if (hashes.length === 0 || hashes.length > MAX_LIVE_CLIENT_SECRETS) throw new Error(`a client holds 1 or ${MAX_LIVE_CLIENT_SECRETS} live secrets, not ${hashes.length}`);
      return MARKER + hashes.join("$");
    },
    matches(secret, stored) {
      if (typeof stored !== "string" || !stored.startsWith(MARKER)) return false;
      const computed = Buffer.from(hash(secret));
      let matched = false;
      // Every live hash is compared, so the time taken does not say which one matched.
      for (const candidate of stored.slice(MARKER.length).split("$")) {
        const expected = Buffer.from(candidate);
        if (expected.length === computed.length && timingSafeEqual(expected, computed)) matched = true;
      }
      return matched;
    },
  };
}

/** The live hashes a stored `client_secret` holds, newest first (none when it is not in this form). */
export function liveClientSecretHashes(stored: unknown): string[] {
  return typeof stored === "string" && stored.startsWith(MARKER) ? stored.slice(MARKER.length).split("$").filter(Boolean) : [];
}

/** A new client secret: 32 random bytes, base64url, shown once. */
export function newClientSecret(): string {
  return randomBytes(32).toString("base64url");
}

/** Makes the provider's clients compare presented secrets with their stored hashes. */
export function compareClientSecretsByHash(provider: Provider, hasher: ClientSecretHasher): void {
  provider.Client.prototype.compareClientSecret = function compareClientSecret(this: { clientSecret?: string }, secret: string) {
    return hasher.matches(secret, this.clientSecret);
  };
}
