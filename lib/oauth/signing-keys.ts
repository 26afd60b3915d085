import { and, desc, gt, isNull, lte, or, sql } from "drizzle-orm";
import { calculateJwkThumbprint, exportJWK, generateKeyPair, type JWK } from "jose";
import type { Database } from "@/db/client";
import { oauthSigningKeys } from "@/db/schema";
import { SecretDecryptionError, decryptSecret, encryptSecret, type SecretKey } from "@/lib/crypto/secret-box";
import type { Clock } from "@/lib/time/clock";

/**
 * The authorization server's ES256 signing keys, kept in the database so every instance signs and verifies with the
 * same ones. The private JWK is sealed under SECRET_ENCRYPTION_KEY, bound to its kid; it never leaves this module
 * except as a key object handed to oidc-provider.
 */
export type SigningKey = { kid: string; publicJwk: JWK; privateJwk: JWK; createdAt: Date; retiresAt: Date | null };

export const SIGNING_ALG = "ES256";

const sealOwner = (kid: string) => `oauth-signing-key:${kid}`;

/** Creates a key and stores it; it signs from the next time the key ring is loaded (it is the newest). */
export async function createSigningKey(db: Database, key: SecretKey, clock: Clock): Promise<string> {
  const pair = await generateKeyPair(SIGNING_ALG, { extractable: true });
  const publicJwk = await exportJWK(pair.publicKey);
  const kid = await calculateJwkThumbprint(publicJwk);
  const privateJwk = await exportJWK(pair.privateKey);
  await db.insert(oauthSigningKeys).values({
    kid,
    publicJwk: { ...publicJwk, kid, alg: SIGNING_ALG, use: "sig" },
    sealedPrivateJwk: encryptSecret(JSON.stringify({ ...privateJwk, kid, alg: SIGNING_ALG, use: "sig" }), sealOwner(kid), key),
    createdAt: clock.now(),
  });
  return kid;
}

/** The keys not yet retired, newest first: the first signs, all of them verify. */
export async function loadSigningKeys(db: Database, keys: SecretKey[], clock: Clock): Promise<SigningKey[]> {
  const rows = await db
    .select()
    .from(oauthSigningKeys)
    .where(or(isNull(oauthSigningKeys.retiresAt), gt(oauthSigningKeys.retiresAt, clock.now())))
    // The key without a retirement date is the one that signs; among several, the newest.
    .orderBy(sql`${oauthSigningKeys.retiresAt} is not null`, desc(oauthSigningKeys.createdAt), desc(oauthSigningKeys.kid));
  const usable: SigningKey[] = [];
  for (const row of rows) {
    let privateJwk: JWK;
    try {
      privateJwk = JSON.parse(decryptSecret(row.sealedPrivateJwk, sealOwner(row.kid), keys)) as JWK;
    } catch (error) {
      // A key sealed under another SECRET_ENCRYPTION_KEY (changed without keeping the old one) cannot sign or be
      // trusted here: it is left out, and a fresh install's rule below makes a new one, rather than stopping start-up.
      if (!(error instanceof SecretDecryptionError)) throw error;
      console.error(`[oauth] signing key ${row.kid} cannot be opened with the current SECRET_ENCRYPTION_KEY; it is not used`);
      continue;
    }
    usable.push({ kid: row.kid, publicJwk: row.publicJwk as JWK, privateJwk, createdAt: row.createdAt, retiresAt: row.retiresAt });
  }
  return usable;
}

/** A first key for a fresh install (or when no stored key can be opened); an existing usable key is kept. */
export async function ensureSigningKey(db: Database, keys: SecretKey[], clock: Clock): Promise<void> {
  const active = await loadSigningKeys(db, keys, clock);
  if (active.length === 0) await createSigningKey(db, keys[0]!, clock);
}

/**
 * Rotation: a new key signs from now on; every older key stays published and trusted for `overlapMs` (at least
 * the access tokens' lifetime, so no token it signed is cut short), then is retired. Expired retired keys are
 * deleted. Every instance follows at its next key-ring refresh, without a restart.
 */
export async function rotateSigningKey(db: Database, key: SecretKey, clock: Clock, overlapMs: number): Promise<string> {
  const now = clock.now();
  await db.delete(oauthSigningKeys).where(lte(oauthSigningKeys.retiresAt, now));
  await db
    .update(oauthSigningKeys)
    .set({ retiresAt: new Date(now.getTime() + overlapMs) })
    .where(isNull(oauthSigningKeys.retiresAt));
  return createSigningKey(db, key, clock);
}

/**
 * The scheduled rotation: when the signing key is older than `maxAgeMs`, it is retired after `overlapMs` and a new
 * one made, in one transaction. Instances that run this at the same moment serialise on the key's row: the first
 * retires it and creates the successor, the others then find no key old enough and do nothing.
 */
export async function rotateSigningKeyIfDue(db: Database, key: SecretKey, clock: Clock, schedule: { maxAgeMs: number; overlapMs: number }): Promise<string | undefined> {
  const now = clock.now();
  return db.transaction(async (tx) => {
    const retired = await tx
      .update(oauthSigningKeys)
      .set({ retiresAt: new Date(now.getTime() + schedule.overlapMs) })
      .where(and(isNull(oauthSigningKeys.retiresAt), lte(oauthSigningKeys.createdAt, new Date(now.getTime() - schedule.maxAgeMs))))
      .returning({ kid: oauthSigningKeys.kid });
    if (retired.length === 0) return undefined;
    await tx.delete(oauthSigningKeys).where(lte(oauthSigningKeys.retiresAt, now));
    return createSigningKey(tx as unknown as Database, key, clock);
  });
}
