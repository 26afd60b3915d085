import { createHmac, hkdfSync, randomBytes, timingSafeEqual } from "node:crypto";

/**
 * The form of a personal API key and its keyed hash. A key is `ghk_<lookup id>_<secret>`: the prefix makes it
 * recognisable (to the gateway, which routes it without decoding a JWT, and to secret scanners), the lookup id (12
 * hex digits, not secret) finds its row, and the secret is 32 random bytes. Only HMAC-SHA-256 of the whole key is
 * stored, under a key derived from SECRET_ENCRYPTION_KEY by HKDF with its own label, so a copy of the database alone
 * cannot test guesses; rotating SECRET_ENCRYPTION_KEY invalidates every key.
 */
export const API_KEY_PREFIX = "ghk_";
const FORM = /^ghk_([0-9a-f]{12})_([A-Za-z0-9_-]{43})$/;
const HKDF_INFO = "gatehouse personal api key hmac v1";

export type ApiKeyHasher = { hash(key: string): string; matches(key: string, stored: string): boolean };

export function apiKeyHasher(secretEncryptionKey: Uint8Array): ApiKeyHasher {
  const hmacKey = Buffer.from(hkdfSync("sha256", secretEncryptionKey, Buffer.alloc(0), HKDF_INFO, 32));
  const hash = (key: string) => createHmac("sha256", hmacKey).update(key, "utf8").digest("base64url");
  return {
    hash,
    matches(key, stored) {
      const computed = Buffer.from(hash(key));
      const expected = Buffer.from(stored);
      return computed.length === expected.length && timingSafeEqual(computed, expected);
    },
  };
}

/** A bearer value that claims to be an API key (by its prefix only): the gateway's routing test. */
export function looksLikeApiKey(token: string): boolean {
  return token.startsWith(API_KEY_PREFIX);
}

/** The lookup id of a well-formed key, or undefined. */
export function lookupIdOf(key: string): string | undefined {
  return FORM.exec(key)?.[1];
}

/** The non-secret part shown after creation: the prefix and the lookup id. */
export function displayPrefix(lookupId: string): string {
  return `${API_KEY_PREFIX}${lookupId}`;
}

export function newApiKey(): { key: string; lookupId: string } {
  const lookupId = randomBytes(6).toString("hex");
  return { key: `${API_KEY_PREFIX}${lookupId}_${randomBytes(32).toString("base64url")}`, lookupId };
}
