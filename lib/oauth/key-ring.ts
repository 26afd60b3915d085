import { createLocalJWKSet, type JSONWebKeySet, type JWK } from "jose";
import type { Database } from "@/db/client";
import type { SecretKey } from "@/lib/crypto/secret-box";
import type { Clock } from "@/lib/time/clock";
import { loadSigningKeys, type SigningKey } from "./signing-keys";

/**
 * The signing keys one instance holds in memory, loaded from the database: the authorization server signs with the
 * first, and access tokens are verified against all of them without a database round trip. `refresh` reloads
 * them (on a timer, and when a token names a kid the ring does not know, at most once per cooldown), so a key
 * rotated on any instance is followed everywhere without a restart.
 */
export type KeyRing = {
  keys(): SigningKey[];
  /** The published JWKS: public keys only. */
  publicJwks(): JSONWebKeySet;
  /** A jose key resolver over the public keys, rebuilt when they change. */
  verificationKeys(): ReturnType<typeof createLocalJWKSet>;
  /** Identifies the key set; it changes when a key is added or retired. */
  fingerprint(): string;
  refresh(): Promise<boolean>;
  /** Refreshes unless the last refresh is more recent than the cooldown (a stranger's unknown kid costs little). */
  refreshForUnknownKid(): Promise<boolean>;
};

export const UNKNOWN_KID_COOLDOWN_MS = 30_000;

export async function loadKeyRing(db: Database, secretKeys: SecretKey[], clock: Clock): Promise<KeyRing> {
  let current: SigningKey[] = [];
  let jwks: JSONWebKeySet = { keys: [] };
  let resolver = createLocalJWKSet(jwks);
  let lastRefresh = 0;

  const fingerprintOf = (keys: SigningKey[]) => keys.map((k) => k.kid).join(",");
  const refresh = async () => {
    const loaded = await loadSigningKeys(db, secretKeys, clock);
    lastRefresh = clock.now().getTime();
    if (fingerprintOf(loaded) === fingerprintOf(current)) return false;
    current = loaded;
    jwks = { keys: loaded.map((k) => k.publicJwk as JWK) };
    resolver = createLocalJWKSet(jwks);
    return true;
  };
  await refresh();

  return {
    keys: () => current,
    publicJwks: () => jwks,
    verificationKeys: () => resolver,
    fingerprint: () => fingerprintOf(current),
    refresh,
    refreshForUnknownKid: async () => (clock.now().getTime() - lastRefresh < UNKNOWN_KID_COOLDOWN_MS ? false : refresh()),
  };
}
