import { and, eq } from "drizzle-orm";
import type { Database } from "@/db/client";
import { passwordCredentials, users } from "@/db/schema";
import { isUniqueViolation } from "@/db/unique-violation";
import { recordAuditEvent } from "@/lib/audit/record-audit-event";
import { latestRemovalOf, type RemovedFrom } from "@/lib/tenancy/tenant-removals";
import { firstActiveWorkspace, onlyInDisabledWorkspaces } from "@/lib/tenancy/workspace-access";
import type { Clock } from "@/lib/time/clock";
import { passwordAllowedFor, type AuthPolicy } from "./auth-policy";
import { normalizeLoginIdentifier } from "./login-identifier";
import { MAX_PASSWORD_LENGTH, decoyHash, hashPassword, needsRehash, verifyPassword } from "./password-hash";
import { createSession, type NewSession } from "./sessions";
import { ACCOUNT_RULE, ADDRESS_RULE, accountBucket, addressBucket, clearBucket, lockedUntil, recordFailure } from "./sign-in-throttle";

/**
 * Password sign-in, end to end: input check, throttle check, constant-shape verification, the session row, the
 * audit event. Auth.js's Credentials provider cannot create database sessions, so this does what it would have done
 * and the caller sets Auth.js's session cookie with the returned token.
 *
 * An unknown login and a wrong password are indistinguishable to the caller: same code, same message, same work
 * (a decoy hash is verified when the login does not exist), same throttling.
 *
 * A stored hash in an older format (scrypt) or at older Argon2id parameters is replaced by a fresh Argon2id hash
 * after a successful sign-in: the only moment the plain password is at hand and known to be right.
 */

export type PasswordSignInResult =
  | { ok: true; session: NewSession; userId: string; mustChangePassword: boolean; reference: string }
  | { ok: false; code: "invalid_login" | "password_required" | "invalid_credentials"; reference?: string }
  | { ok: false; code: "password_not_allowed" | "tenant_disabled"; reference: string }
  | { ok: false; code: "throttled"; lockedUntil: Date; reference: string }
  | { ok: false; code: "removed"; workspace: RemovedFrom; reference: string };

export async function signInWithPassword(
  db: Database,
  input: { login: unknown; password: unknown; clientIp: string },
  policy: AuthPolicy,
  clock: Clock,
): Promise<PasswordSignInResult> {
  const login = normalizeLoginIdentifier(input.login);
  if (!login) return { ok: false, code: "invalid_login" };
  if (typeof input.password !== "string" || input.password.length === 0) return { ok: false, code: "password_required" };
  // Overlong input is a failed attempt like any other (it cannot be anyone's password), but is never hashed.
  const password = input.password.length > MAX_PASSWORD_LENGTH ? undefined : input.password;

  const buckets = [accountBucket(login), addressBucket(input.clientIp)];
  const audit = (outcome: "success" | "failure", detail: Record<string, unknown>, userId?: string, tenantId?: string | null) =>
    recordAuditEvent(
      db,
      {
        kind: "sign_in.password",
        outcome,
        actor: userId ? { type: "user", id: userId, label: login } : { type: "anonymous", label: login },
        tenantId,
        clientIp: input.clientIp,
        detail,
      },
      clock,
    );

  // AUTH_POLICY=restricted: passwords are for the break-glass admin only; nothing is looked up or hashed for others.
  if (!passwordAllowedFor(policy, login)) {
    const reference = await audit("failure", { reason: "password_not_allowed", policy: policy.mode });
    return { ok: false, code: "password_not_allowed", reference };
  }

  const locked = await lockedUntil(db, buckets, clock);
  if (locked) {
    const reference = await audit("failure", { reason: "throttled", lockedUntil: locked.toISOString() });
    return { ok: false, code: "throttled", lockedUntil: locked, reference };
  }

  const [credential] = await db
    .select({ userId: passwordCredentials.userId, hash: passwordCredentials.hash, mustChange: passwordCredentials.mustChange })
    .from(passwordCredentials)
    .where(eq(passwordCredentials.login, login));

  const matches = password !== undefined && (await verifyPassword(password, credential?.hash ?? (await decoyHash())));

  if (!credential || !matches) {
    const [accountLock, addressLock] = await Promise.all([
      recordFailure(db, buckets[0]!, ACCOUNT_RULE, clock),
      recordFailure(db, buckets[1]!, ADDRESS_RULE, clock),
    ]);
    const reason = !credential ? "unknown_login" : "wrong_password";
    const lock = accountLock ?? addressLock;
    const reference = await audit("failure", { reason, ...(lock ? { lockedUntil: lock.toISOString() } : {}) }, credential?.userId);
    return lock ? { ok: false, code: "throttled", lockedUntil: lock, reference } : { ok: false, code: "invalid_credentials", reference };
  }

  if (await onlyInDisabledWorkspaces(db, credential.userId)) {
    const reference = await audit("failure", { reason: "tenant_disabled" }, credential.userId);
    return { ok: false, code: "tenant_disabled", reference };
  }
  const tenantId = await firstActiveWorkspace(db, credential.userId);
  // Removed from their workspace and in no other: the refusal names it, as a Microsoft or SSO sign-in's would.
  const removed = tenantId ? undefined : await latestRemovalOf(db, credential.userId);
  if (removed) {
    const reference = await audit("failure", { reason: "removed" }, credential.userId, removed.tenantId);
    return { ok: false, code: "removed", workspace: removed, reference };
  }

  await clearBucket(db, buckets[0]!);
  const session = await createSession(db, { userId: credential.userId, tenantId }, clock);
  await db.update(users).set({ lastSignInAt: clock.now() }).where(eq(users.id, credential.userId));
  if (needsRehash(credential.hash)) await upgradeStoredHash(db, credential.userId, credential.hash, password!);
  const reference = await audit("success", { mustChangePassword: credential.mustChange }, credential.userId, tenantId);
  return { ok: true, session, userId: credential.userId, mustChangePassword: credential.mustChange, reference };
}

/**
 * Writes the Argon2id hash only over the hash that was verified. If the password changed in between, the newer row
 * is left alone rather than reset to the password just typed; if another sign-in upgraded it first, this writes
 * nothing. The upgrade is housekeeping: losing a unique race to a concurrent write must not fail a sign-in that has
 * already succeeded, so that case is swallowed; the next sign-in upgrades whatever is still old.
 */
async function upgradeStoredHash(db: Database, userId: string, verifiedHash: string, password: string): Promise<void> {
  const hash = await hashPassword(password);
  try {
    await db
      .update(passwordCredentials)
      .set({ hash })
      .where(and(eq(passwordCredentials.userId, userId), eq(passwordCredentials.hash, verifiedHash)));
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
  }
}
