import { createHash } from "node:crypto";
import type { Clock } from "@/lib/time/clock";
import type { CredentialTarget, CredentialUse, CredentialVerification } from "./verify-credential";
import type { VerifiedPrincipal } from "./principal";

/**
 * The gateway's verified principals, kept so that a credential presented again costs neither its signature check
 * nor its database lookups. Only successful verifications are kept (a refusal is verified again every time), by the
 * SHA-256 of the credential (never the credential itself), each until its credential expires or for 60 seconds,
 * whichever comes first; beyond `maxEntries` the oldest goes.
 *
 * A removal or revocation must still take effect at once, on every instance: the database announces each change
 * that can revoke or narrow a principal with the workspace's id (the triggers of the migration
 * `credential_change_notifications`), and `dropWorkspace` forgets that workspace's principals
 * (credential-change-listener.ts). The cache serves only while that listening is connected, and every (re)connect
 * or loss empties it, so a notification missed while disconnected cannot leave a principal behind. A verification
 * that was under way when a notification arrived may have read the rows before the change: it is not kept.
 */
export type PrincipalCache = {
  /** The principal for `token`, from the cache when it holds it for this target, else from `verify` (kept if accepted). */
  verify(token: string, target: CredentialTarget, verify: (token: string, target: CredentialTarget) => Promise<CredentialVerification>): Promise<CredentialVerification>;
  dropWorkspace(tenantId: string): void;
  /** The listening for changes connected (true) or lost (false): either way, nothing kept before is trusted. */
  listening(connected: boolean): void;
  readonly isListening: boolean;
  /** Whether a principal for this credential is kept (for tests and the benchmark). */
  holds(token: string): boolean;
  readonly size: number;
};

/** How long a verified principal is kept at most: a removal missed for any reason is honoured within this. */
export const PRINCIPAL_CACHE_TTL_MS = 60_000;
export const PRINCIPAL_CACHE_MAX_ENTRIES = 10_000;

type Entry = { principal: VerifiedPrincipal; expiresAtMs: number; use: CredentialUse | undefined };

export function createPrincipalCache(clock: Clock, maxEntries = PRINCIPAL_CACHE_MAX_ENTRIES): PrincipalCache {
  const entries = new Map<string, Entry>();
  let connected = false;
  // Counts every drop: a verification kept only if none happened while it ran.
  let epoch = 0;
  const dropAll = () => {
    epoch++;
    entries.clear();
  };

  return {
    async verify(token, target, verify) {
      const key = keyOf(token);
      const now = clock.now();
      const entry = connected ? entries.get(key) : undefined;
      if (entry && entry.expiresAtMs <= now.getTime()) entries.delete(key);
      // A credential of another workspace is verified again, so that its refusal says what it always says.
      else if (entry && (target.workspaceKey === undefined || target.workspaceKey === entry.principal.workspace.key)) {
        if (entry.use && entry.use.dueAt.getTime() <= now.getTime()) await recordUse(entry.use, now);
        return { ok: true, principal: entry.principal };
      }

      const startedIn = epoch;
      const verified = await verify(token, target);
      if (!verified.ok || !verified.expiresAt || !connected || startedIn !== epoch) return verified;
      const expiresAtMs = Math.min(verified.expiresAt.getTime(), now.getTime() + PRINCIPAL_CACHE_TTL_MS);
      if (expiresAtMs <= clock.now().getTime()) return verified;
      entries.delete(key);
      entries.set(key, { principal: verified.principal, expiresAtMs, use: verified.use });
      if (entries.size > maxEntries) entries.delete(entries.keys().next().value!);
      return verified;
    },
    dropWorkspace(tenantId) {
      epoch++;
      for (const [key, entry] of entries) if (entry.principal.workspace.id === tenantId) entries.delete(key);
    },
    listening(isConnected) {
      connected = isConnected;
      dropAll();
    },
    get isListening() {
      return connected;
    },
    holds: (token) => entries.has(keyOf(token)),
    get size() {
      return entries.size;
    },
  };
}

const keyOf = (token: string) => createHash("sha256").update(token).digest("base64url");

/** One record at a time per entry: the hits that arrive while it is written do not write again. */
async function recordUse(use: CredentialUse, now: Date): Promise<void> {
  const due = use.dueAt;
  use.dueAt = new Date(now.getTime() + PRINCIPAL_CACHE_TTL_MS);
  try {
    use.dueAt = await use.record(now);
  } catch (error) {
    use.dueAt = due;
    throw error;
  }
}
