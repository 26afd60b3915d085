import { importJWK, type JWK } from "jose";

/**
 * An issuer's signing keys (its JWKS), cached. Keys are fetched on first use and again when they are older than
 * `freshMs`; a token naming a `kid` the cached set lacks triggers a refetch, at most one every `cooldownMs`, so a
 * key rotation at the IdP is picked up at its first token, with no restart, while a stream of unknown `kid`s
 * cannot make us hammer the IdP. When a refetch
 * fails, the last good set keeps serving (an IdP outage of its keys endpoint does not stop sign-ins).
 */
export type IssuerKey = { kid: string | undefined; jwk: JWK; key: CryptoKey | Uint8Array };

export type KeySetOptions = { freshMs?: number; cooldownMs?: number; now?: () => number };

export type KeySelection = { ok: true; key: IssuerKey } | { ok: false; problem: "kid_unknown" | "kid_missing" | "no_usable_key" };

export type KeySet = {
  select(kid: string | undefined): Promise<KeySelection>;
  /** How many times the keys were fetched (tests observe rotation through it). */
  readonly fetches: number;
};

export function createKeySet(load: () => Promise<JWK[]>, options: KeySetOptions = {}): KeySet {
  const freshMs = options.freshMs ?? 10 * 60_000;
  const cooldownMs = options.cooldownMs ?? 30_000;
  const now = options.now ?? Date.now;
  let keys: IssuerKey[] | undefined;
  let fetchedAt = 0;
  let kidRefetchedAt = -Infinity;
  let fetches = 0;
  let pending: Promise<void> | undefined;

  const refresh = () =>
    (pending ??= (async () => {
      try {
        fetches += 1;
        const jwks = await load();
        keys = await usableKeys(jwks);
        fetchedAt = now();
      } catch (error) {
        if (!keys) throw error;
        fetchedAt = now(); // keep serving the stale set; try again after the cooldown, not at every sign-in
      } finally {
        pending = undefined;
      }
    })());

  return {
    get fetches() {
      return fetches;
    },
    async select(kid) {
      if (!keys || now() - fetchedAt > freshMs) await refresh();
      let found = pick(keys!, kid);
      if (!found.ok && found.problem === "kid_unknown" && now() - kidRefetchedAt >= cooldownMs) {
        kidRefetchedAt = now();
        await refresh();
        found = pick(keys!, kid);
      }
      return found;
    },
  };
}

function pick(keys: IssuerKey[], kid: string | undefined): KeySelection {
  if (keys.length === 0) return { ok: false, problem: "no_usable_key" };
  if (kid === undefined) return keys.length === 1 ? { ok: true, key: keys[0]! } : { ok: false, problem: "kid_missing" };
  const key = keys.find((k) => k.kid === kid);
  return key ? { ok: true, key } : { ok: false, problem: "kid_unknown" };
}

/** Signature keys only (no `use: enc`), never symmetric ones: an IdP's JWKS publishes public keys. */
async function usableKeys(jwks: JWK[]): Promise<IssuerKey[]> {
  const usable: IssuerKey[] = [];
  for (const jwk of jwks) {
    if (jwk.use === "enc" || jwk.kty === "oct" || !["RSA", "EC", "OKP"].includes(jwk.kty ?? "")) continue;
    try {
      // Entra's keys carry no `alg`; the algorithm is pinned at verification from the issuer's allow-list.
      const key = await importJWK({ ...jwk, alg: jwk.alg ?? defaultAlgorithm(jwk) }, undefined);
      usable.push({ kid: jwk.kid, jwk, key });
    } catch {
      // an unusable key (unknown curve, malformed) is skipped, not fatal for the others
    }
  }
  return usable;
}

function defaultAlgorithm(jwk: JWK): string {
  if (jwk.kty === "RSA") return "RS256";
  if (jwk.kty === "OKP") return "EdDSA";
  return jwk.crv === "P-384" ? "ES384" : jwk.crv === "P-521" ? "ES512" : "ES256";
}
