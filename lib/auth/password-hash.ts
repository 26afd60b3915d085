import { randomBytes, scrypt as scryptCallback, timingSafeEqual, type ScryptOptions } from "node:crypto";
import { hash as argon2Hash, verify as argon2Verify, type Algorithm } from "@node-rs/argon2";

/**
 * Password hashing with Argon2id (`@node-rs/argon2`), with verification of the scrypt hashes written before it.
 *
 * Parameters: m = 19456 KiB (19 MiB), t = 2, p = 1 — the second of the OWASP Password Storage Cheat Sheet's
 * equivalent Argon2id configurations. It costs less CPU per verification than the scrypt setting it replaces while
 * staying at OWASP's minimum, and 19 MiB per hash keeps a burst of sign-ins from exhausting memory. Salt: 16 random
 * bytes (the library's). Key: 32 bytes. Stored as the standard PHC string `$argon2id$v=19$m=19456,t=2,p=1$<salt>$<key>`,
 * which carries its parameters: a later change of cost still verifies old hashes, and `needsRehash` tells the caller
 * to upgrade at the next sign-in.
 *
 * Older rows hold `$scrypt$ln=14,r=8,p=5$<salt>$<key>` (base64url without padding, N = 2^ln). They still verify, and
 * `needsRehash` is true for them. Both algorithms run through async APIs on libuv's thread pool (the library's
 * promises are N-API async work), never on the event loop.
 *
 * Passwords are NFC-normalised before either algorithm sees them, so one password typed on two keyboards is one
 * password.
 */

export const ARGON2ID_PARAMS = { memoryCost: 19456, timeCost: 2, parallelism: 1 } as const;
/** The parameters of the scrypt hashes written before Argon2id; such hashes are verified, never written. */
export const SCRYPT_PARAMS = { logN: 14, r: 8, p: 5 } as const;
/** Upper bound on a password we will hash at all; longer input is refused before any work is done. */
export const MAX_PASSWORD_LENGTH = 1024;

// The library declares its algorithm ids as a const enum, which isolated modules cannot read at run time; 2 is its
// documented value for Argon2id. Passing it rather than relying on the default keeps a change of default from
// silently changing what we store.
const ARGON2ID = 2 as Algorithm.Argon2id;

export function hashPassword(password: string): Promise<string> {
  return argon2Hash(password.normalize("NFC"), { ...ARGON2ID_PARAMS, algorithm: ARGON2ID });
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  if (stored.startsWith("$argon2id$")) return verifyArgon2id(password, stored);
  if (stored.startsWith("$scrypt$")) return verifyScrypt(password, stored);
  return false;
}

/** True for every stored hash that is not Argon2id at today's parameters, including every scrypt hash. */
export function needsRehash(stored: string): boolean {
  const params = argon2idParams(stored);
  if (!params) return true;
  return (
    params.memoryCost !== ARGON2ID_PARAMS.memoryCost ||
    params.timeCost !== ARGON2ID_PARAMS.timeCost ||
    params.parallelism !== ARGON2ID_PARAMS.parallelism
  );
}

/**
 * A hash of a password nobody knows, computed once. Verifying against it when the login does not exist makes an
 * unknown account cost the same time as a wrong password, so response timing does not reveal which accounts exist.
 * It is made by `hashPassword`, so it always has the algorithm and cost of the hashes we write today.
 */
let decoy: Promise<string> | undefined;
export function decoyHash(): Promise<string> {
  decoy ??= hashPassword(randomBytes(16).toString("hex"));
  return decoy;
}

// Version 19 (0x13) is the only one the library writes; anything else in the column was not written by us.
const ARGON2ID_FORMAT = /^\$argon2id\$v=19\$m=(\d{1,10}),t=(\d{1,10}),p=(\d{1,3})\$[A-Za-z0-9+/]+\$[A-Za-z0-9+/]+$/;

function argon2idParams(stored: string): { memoryCost: number; timeCost: number; parallelism: number } | undefined {
  const m = ARGON2ID_FORMAT.exec(stored);
  if (!m) return undefined;
  return { memoryCost: Number(m[1]), timeCost: Number(m[2]), parallelism: Number(m[3]) };
}

async function verifyArgon2id(password: string, stored: string): Promise<boolean> {
  const params = argon2idParams(stored);
  // Bounds keep a damaged row from asking for gigabytes of memory (1 GiB here, fifty times today's cost).
  if (!params || params.memoryCost > 2 ** 20 || params.timeCost > 20 || params.parallelism > 16) return false;
  // The library throws on a string it cannot decode; a damaged row is a failed sign-in, not a server error.
  try {
    return await argon2Verify(stored, password.normalize("NFC"));
  } catch {
    return false;
  }
}

// --- scrypt, the format before Argon2id: verification only ---

const SCRYPT_KEY_LENGTH = 32;
const SCRYPT_FORMAT = /^\$scrypt\$ln=(\d{1,2}),r=(\d{1,2}),p=(\d{1,2})\$([A-Za-z0-9_-]+)\$([A-Za-z0-9_-]+)$/;

type ScryptParams = { logN: number; r: number; p: number };

function scrypt(password: string, salt: Buffer, params: ScryptParams): Promise<Buffer> {
  const options: ScryptOptions = {
    N: 2 ** params.logN,
    r: params.r,
    p: params.p,
    // Node's default ceiling is 32 MiB; allow what these parameters need (128 * N * r bytes) with headroom.
    maxmem: 256 * 2 ** params.logN * params.r,
  };
  return new Promise((resolve, reject) =>
    scryptCallback(password.normalize("NFC"), salt, SCRYPT_KEY_LENGTH, options, (err, key) => (err ? reject(err) : resolve(key))),
  );
}

function parseScryptHash(stored: string): { params: ScryptParams; salt: Buffer; key: Buffer } | undefined {
  const m = SCRYPT_FORMAT.exec(stored);
  if (!m) return undefined;
  const params = { logN: Number(m[1]), r: Number(m[2]), p: Number(m[3]) };
  // Bounds keep a damaged row from asking for gigabytes of memory.
  if (params.logN < 10 || params.logN > 20 || params.r < 1 || params.p < 1) return undefined;
  return { params, salt: Buffer.from(m[4]!, "base64url"), key: Buffer.from(m[5]!, "base64url") };
}

async function verifyScrypt(password: string, stored: string): Promise<boolean> {
  const parsed = parseScryptHash(stored);
  if (!parsed || parsed.key.length !== SCRYPT_KEY_LENGTH) return false;
  const candidate = await scrypt(password, parsed.salt, parsed.params);
  return timingSafeEqual(candidate, parsed.key);
}
