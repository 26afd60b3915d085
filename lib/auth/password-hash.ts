import { randomBytes, scrypt as scryptCallback, timingSafeEqual, type ScryptOptions } from "node:crypto";

/**
 * Password hashing with node:crypto scrypt.
 *
 * Parameters: N = 2^14, r = 8, p = 5 — one of the OWASP Password Storage Cheat Sheet's equivalent minimum
 * configurations for scrypt (2^17/8/1, 2^16/8/2, 2^15/8/3, 2^14/8/5, 2^13/8/10 all cost the same CPU). We take
 * 2^14/8/5 because it needs 16 MiB per hash instead of 128 MiB, so a burst of sign-ins cannot exhaust memory, at the
 * same CPU cost to an attacker. Salt: 16 random bytes. Key: 32 bytes.
 *
 * The stored string carries its parameters (`$scrypt$ln=14,r=8,p=5$<salt>$<key>`, base64 without padding), so the
 * cost can be raised later: old hashes still verify, and `needsRehash` tells the caller to upgrade at next sign-in.
 * scrypt runs on libuv's thread pool (async), never on the event loop.
 */

export const SCRYPT_PARAMS = { logN: 14, r: 8, p: 5 } as const;
const KEY_LENGTH = 32;
const SALT_LENGTH = 16;
/** Upper bound on a password we will hash at all; longer input is refused before any work is done. */
export const MAX_PASSWORD_LENGTH = 1024;

type Params = { logN: number; r: number; p: number };

function scrypt(password: string, salt: Buffer, params: Params): Promise<Buffer> {
  const options: ScryptOptions = {
    N: 2 ** params.logN,
    r: params.r,
    p: params.p,
    // Node's default ceiling is 32 MiB; allow what these parameters need (128 * N * r bytes) with headroom.
    maxmem: 256 * 2 ** params.logN * params.r,
  };
  return new Promise((resolve, reject) =>
    scryptCallback(password.normalize("NFC"), salt, KEY_LENGTH, options, (err, key) => (err ? reject(err) : resolve(key))),
  );
}

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(SALT_LENGTH);
  const key = await scrypt(password, salt, SCRYPT_PARAMS);
  const { logN, r, p } = SCRYPT_PARAMS;
  return `$scrypt$ln=${logN},r=${r},p=${p}$${salt.toString("base64url")}$${key.toString("base64url")}`;
}

const FORMAT = /^\$scrypt\$ln=(\d{1,2}),r=(\d{1,2}),p=(\d{1,2})\$([A-Za-z0-9_-]+)\$([A-Za-z0-9_-]+)$/;

function parseHash(stored: string): { params: Params; salt: Buffer; key: Buffer } | undefined {
  const m = FORMAT.exec(stored);
  if (!m) return undefined;
  const params = { logN: Number(m[1]), r: Number(m[2]), p: Number(m[3]) };
  if (params.logN < 10 || params.logN > 20 || params.r < 1 || params.p < 1) return undefined;
  return { params, salt: Buffer.from(m[4]!, "base64url"), key: Buffer.from(m[5]!, "base64url") };
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parsed = parseHash(stored);
  if (!parsed || parsed.key.length !== KEY_LENGTH) return false;
  const candidate = await scrypt(password, parsed.salt, parsed.params);
  return timingSafeEqual(candidate, parsed.key);
}

export function needsRehash(stored: string): boolean {
  const parsed = parseHash(stored);
  if (!parsed) return true;
  const { logN, r, p } = parsed.params;
  return logN !== SCRYPT_PARAMS.logN || r !== SCRYPT_PARAMS.r || p !== SCRYPT_PARAMS.p;
}

/**
 * A hash of a password nobody knows, computed once. Verifying against it when the login does not exist makes an
 * unknown account cost the same time as a wrong password, so response timing does not reveal which accounts exist.
 */
let decoy: Promise<string> | undefined;
export function decoyHash(): Promise<string> {
  decoy ??= hashPassword(randomBytes(16).toString("hex"));
  return decoy;
}
