import { and, desc, eq, gt, isNull, lte, or, sql } from "drizzle-orm";
import type { Database } from "@/db/client";
import { personalApiKeys, tenantMemberships, tenants, users } from "@/db/schema";
import { recordAuditEvent } from "@/lib/audit/record-audit-event";
import type { UserMessageCode } from "@/lib/errors/user-messages";
import type { Clock } from "@/lib/time/clock";
import { displayPrefix, lookupIdOf, newApiKey, type ApiKeyHasher } from "./api-key-secret";

/**
 * Personal API keys ("My account → API keys"): made by a person in the workspace they are signed in to, with a name,
 * an expiry from a bounded set and scopes no wider than the person's; shown once; revocable. A key acts as its owner
 * in that workspace only while the owner is still a member of it: verification joins the membership every time.
 */
export const API_KEY_EXPIRY_DAYS = [30, 90, 365] as const;
export const MAX_LIVE_API_KEYS = 20;
const MAX_NAME_CHARS = 60;
const DAY_MS = 24 * 60 * 60 * 1000;
/** `last_used_at` is written at most this often per key, so the hot path rarely writes. */
export const LAST_USED_GRANULARITY_MS = 60_000;

/** The scopes a person holds at the gateway today: the one scope Gatehouse's own tokens carry. */
export function scopesHeldBy(): string[] {
  return ["mcp"];
}

export type ApiKeyOwner = { userId: string; tenantId: string; clientIp: string | null };

export type ApiKeyView = {
  id: string;
  name: string;
  prefix: string;
  scopes: string[];
  createdAt: Date;
  expiresAt: Date;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
};

export type CreateApiKeyResult =
  | { ok: true; key: string; view: ApiKeyView }
  | { ok: false; code: Extract<UserMessageCode, "api_key_name_invalid" | "api_key_expiry_invalid" | "api_key_scopes_invalid" | "api_key_too_many">; field?: "name" | "expiry" | "scopes" };

function viewOf(row: typeof personalApiKeys.$inferSelect): ApiKeyView {
  return {
    id: row.id,
    name: row.name,
    prefix: displayPrefix(row.lookupId),
    scopes: row.scopes.split(" "),
    createdAt: row.createdAt,
    expiresAt: row.expiresAt,
    lastUsedAt: row.lastUsedAt,
    revokedAt: row.revokedAt,
  };
}

function validName(value: unknown): string | undefined {
  if (typeof value !== "string") return undefined;
  const name = value.trim().replace(/\s+/g, " ");
  // No control or format characters: the name is shown back on the page and written to the audit trail.
  if (name.length < 1 || name.length > MAX_NAME_CHARS || /[\p{Cc}\p{Cf}]/u.test(name)) return undefined;
  return name;
}

function validExpiry(value: unknown): number | undefined {
  const days = typeof value === "string" && /^\d{1,4}$/.test(value) ? Number(value) : undefined;
  return (API_KEY_EXPIRY_DAYS as readonly number[]).includes(days ?? -1) ? days : undefined;
}

function validScopes(values: unknown[], held: string[]): string[] | undefined {
  if (values.length === 0 || values.length > held.length || !values.every((v): v is string => typeof v === "string" && held.includes(v))) return undefined;
  return [...new Set(values)].sort();
}

export async function createApiKey(
  db: Database,
  hasher: ApiKeyHasher,
  owner: ApiKeyOwner,
  input: { name: unknown; expiresInDays: unknown; scopes: unknown[] },
  clock: Clock,
): Promise<CreateApiKeyResult> {
  const refuse = async (code: Extract<CreateApiKeyResult, { ok: false }>["code"], field?: "name" | "expiry" | "scopes") => {
    await recordAuditEvent(db, { kind: "api_key.create_refused", outcome: "failure", actor: { type: "user", id: owner.userId }, tenantId: owner.tenantId, clientIp: owner.clientIp, detail: { reason: code } }, clock);
    return { ok: false as const, code, field };
  };
  const name = validName(input.name);
  if (!name) return refuse("api_key_name_invalid", "name");
  const days = validExpiry(input.expiresInDays);
  if (!days) return refuse("api_key_expiry_invalid", "expiry");
  const scopes = validScopes(input.scopes, scopesHeldBy());
  if (!scopes) return refuse("api_key_scopes_invalid", "scopes");

  const now = clock.now();
  const [live] = await db
    .select({ count: sql<number>`count(*)::int` })
    .from(personalApiKeys)
    .where(and(eq(personalApiKeys.userId, owner.userId), isNull(personalApiKeys.revokedAt), gt(personalApiKeys.expiresAt, now)));
  if ((live?.count ?? 0) >= MAX_LIVE_API_KEYS) return refuse("api_key_too_many");

  const { key, lookupId } = newApiKey();
  const [row] = await db
    .insert(personalApiKeys)
    .values({ userId: owner.userId, tenantId: owner.tenantId, name, lookupId, hash: hasher.hash(key), scopes: scopes.join(" "), createdAt: now, expiresAt: new Date(now.getTime() + days * DAY_MS) })
    .returning();
  await recordAuditEvent(
    db,
    { kind: "api_key.created", outcome: "success", actor: { type: "user", id: owner.userId }, tenantId: owner.tenantId, clientIp: owner.clientIp, detail: { keyId: lookupId, name, scopes, expiresAt: row!.expiresAt.toISOString() } },
    clock,
  );
  return { ok: true, key, view: viewOf(row!) };
}

/** The person's keys made in this workspace, newest first, revoked ones included (never the hash). */
export async function listApiKeys(db: Database, owner: { userId: string; tenantId: string }): Promise<ApiKeyView[]> {
  const rows = await db
    .select()
    .from(personalApiKeys)
    .where(and(eq(personalApiKeys.userId, owner.userId), eq(personalApiKeys.tenantId, owner.tenantId)))
    .orderBy(desc(personalApiKeys.createdAt));
  return rows.map(viewOf);
}

/** Revokes one of the person's own keys; its next use is refused. Audited, the refusal as well. */
export async function revokeApiKey(db: Database, owner: ApiKeyOwner, keyId: unknown, clock: Clock): Promise<boolean> {
  const id = typeof keyId === "string" && /^[0-9a-f-]{36}$/.test(keyId) ? keyId : undefined;
  const [revoked] = id
    ? await db
        .update(personalApiKeys)
        .set({ revokedAt: clock.now() })
        .where(and(eq(personalApiKeys.id, id), eq(personalApiKeys.userId, owner.userId), eq(personalApiKeys.tenantId, owner.tenantId), isNull(personalApiKeys.revokedAt)))
        .returning({ lookupId: personalApiKeys.lookupId, name: personalApiKeys.name })
    : [];
  await recordAuditEvent(
    db,
    {
      kind: revoked ? "api_key.revoked" : "api_key.revoke_refused",
      outcome: revoked ? "success" : "failure",
      actor: { type: "user", id: owner.userId },
      tenantId: owner.tenantId,
      clientIp: owner.clientIp,
      detail: revoked ? { keyId: revoked.lookupId, name: revoked.name } : { reason: "api_key_not_found" },
    },
    clock,
  );
  return Boolean(revoked);
}

export type ApiKeyPrincipal = {
  /** The key's row. */
  id: string;
  userId: string;
  email: string | null;
  tenantId: string;
  tenantKey: string;
  scopes: string[];
  lookupId: string;
  expiresAt: Date;
  /** What `last_used_at` holds once this use is recorded (it is written at most once a minute). */
  lastUsedAt: Date;
};

export type ApiKeyVerification =
  | { ok: true; principal: ApiKeyPrincipal }
  | {
      ok: false;
      reason: "api_key_malformed" | "api_key_unknown" | "api_key_revoked" | "api_key_expired" | "api_key_owner_not_member" | "workspace_unavailable";
      message: Extract<UserMessageCode, "mcp_api_key_invalid" | "mcp_api_key_revoked" | "mcp_api_key_expired" | "mcp_api_key_owner_removed" | "mcp_workspace_not_found">;
      lookupId?: string;
      tenantId?: string;
    };

/**
 * A presented key → its owner in its workspace, in one indexed query (the key's row, its workspace, its owner and the
 * owner's membership there) and one HMAC. The checks, the first failure being the answer: well-formed, known, the
 * hash matches (compared in constant time), not revoked, not expired, the owner still a member, the workspace active.
 */
export async function verifyApiKey(db: Database, hasher: ApiKeyHasher, key: string, clock: Clock): Promise<ApiKeyVerification> {
  const lookupId = lookupIdOf(key);
  if (!lookupId) return { ok: false, reason: "api_key_malformed", message: "mcp_api_key_invalid" };
  const [row] = await db
    .select({ key: personalApiKeys, tenantKey: tenants.key, tenantStatus: tenants.status, email: users.email, member: tenantMemberships.userId })
    .from(personalApiKeys)
    .innerJoin(tenants, eq(tenants.id, personalApiKeys.tenantId))
    .innerJoin(users, eq(users.id, personalApiKeys.userId))
    .leftJoin(tenantMemberships, and(eq(tenantMemberships.tenantId, personalApiKeys.tenantId), eq(tenantMemberships.userId, personalApiKeys.userId)))
    .where(eq(personalApiKeys.lookupId, lookupId));
  if (!row || !hasher.matches(key, row.key.hash)) return { ok: false, reason: "api_key_unknown", message: "mcp_api_key_invalid", lookupId };
  const facts = { lookupId, tenantId: row.key.tenantId };
  const now = clock.now();
  if (row.key.revokedAt) return { ok: false, reason: "api_key_revoked", message: "mcp_api_key_revoked", ...facts };
  if (row.key.expiresAt.getTime() <= now.getTime()) return { ok: false, reason: "api_key_expired", message: "mcp_api_key_expired", ...facts };
  if (!row.member) return { ok: false, reason: "api_key_owner_not_member", message: "mcp_api_key_owner_removed", ...facts };
  if (row.tenantStatus !== "active") return { ok: false, reason: "workspace_unavailable", message: "mcp_workspace_not_found", ...facts };

  const lastUsedAt = await recordApiKeyUse(db, { id: row.key.id, lastUsedAt: row.key.lastUsedAt }, now);
  return {
    ok: true,
    principal: { id: row.key.id, userId: row.key.userId, email: row.email, tenantId: row.key.tenantId, tenantKey: row.tenantKey, scopes: row.key.scopes.split(" "), lookupId, expiresAt: row.key.expiresAt, lastUsedAt },
  };
}

/**
 * Records a use of the key at `now` unless its `last_used_at` (as last read) is less than a minute old, and returns
 * what `last_used_at` holds afterwards. The update is conditional, so instances using one key at once write it once.
 */
export async function recordApiKeyUse(db: Database, key: { id: string; lastUsedAt: Date | null }, now: Date): Promise<Date> {
  if (key.lastUsedAt && now.getTime() - key.lastUsedAt.getTime() < LAST_USED_GRANULARITY_MS) return key.lastUsedAt;
  const stale = new Date(now.getTime() - LAST_USED_GRANULARITY_MS);
  await db
    .update(personalApiKeys)
    .set({ lastUsedAt: now })
    .where(and(eq(personalApiKeys.id, key.id), or(isNull(personalApiKeys.lastUsedAt), lte(personalApiKeys.lastUsedAt, stale))));
  return now;
}
