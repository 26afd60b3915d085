import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { auditEvents, personalApiKeys, tenantMemberships } from "@/db/schema";
import { withTestDatabase } from "@/db/testing/test-database";
import { apiKeyCredentialVerifier } from "@/lib/mcp/api-key-credential-verifier";
import { verifyCredential, type CredentialVerifier } from "@/lib/mcp/verify-credential";
import { createPasswordUser, createTenant } from "@/lib/testing/fixtures";
import { frozenClock } from "@/lib/time/clock";
import { apiKeyHasher } from "./api-key-secret";
import { createApiKey, listApiKeys, revokeApiKey, verifyApiKey, type ApiKeyOwner } from "./personal-api-keys";

const t = withTestDatabase();
const clock = frozenClock("2026-06-01T12:00:00Z");
const hasher = apiKeyHasher(Buffer.alloc(32, 7));
const DAY = 24 * 60 * 60 * 1000;
let owner: ApiKeyOwner;
let count = 0;

/** A fresh person, member of a fresh workspace, so each test's keys and limits are its own. */
async function person(): Promise<ApiKeyOwner> {
  count += 1;
  const tenant = await createTenant(t.db, `keys-${count}`, `Keys ${count}`);
  const user = await createPasswordUser(t.db, { login: `p${count}@keys.example`, password: "irrelevant here", tenantId: tenant.id });
  return { userId: user.id, tenantId: tenant.id, clientIp: "203.0.113.9" };
}

async function newKey(who: ApiKeyOwner, expiresInDays = "30") {
  const created = await createApiKey(t.db, hasher, who, { name: "Laptop", expiresInDays, scopes: ["mcp"] }, clock);
  if (!created.ok) throw new Error(created.code);
  return created;
}

const verifiers = (): CredentialVerifier[] => [
  // A JWT verifier that claims everything: an API key must never reach it.
  { kind: "gatehouse_access_token", recognizes: () => true, verify: async () => ({ ok: false, status: 401, error: "invalid_token", reason: "jwt_verifier_reached", message: "mcp_token_malformed", facts: {} }) },
  apiKeyCredentialVerifier({ db: t.db, hasher, clock }),
];

beforeAll(async () => {
  owner = await person();
});

describe("creating a personal API key", () => {
  it("shows the key once as ghk_<lookup id>_<secret> and stores only the keyed hash of it and the lookup id", async () => {
    const { key, view } = await newKey(owner);
    expect(key).toMatch(/^ghk_[0-9a-f]{12}_[A-Za-z0-9_-]{43}$/);
    expect(view.prefix).toBe(key.slice(0, 16));
    const [row] = await t.db.select().from(personalApiKeys).where(eq(personalApiKeys.id, view.id));
    expect(row!.hash).toBe(hasher.hash(key));
    const secret = key.slice(17);
    expect(JSON.stringify(row)).not.toContain(secret);
    const events = await t.db.select().from(auditEvents).where(eq(auditEvents.kind, "api_key.created"));
    expect(events.some((e) => e.detail.keyId === view.prefix.slice(4))).toBe(true);
    expect(JSON.stringify(events)).not.toContain(secret);
    expect((await listApiKeys(t.db, owner)).map((k) => k.prefix)).toContain(view.prefix);
  });

  it("expires a key after the chosen 30, 90 or 365 days", async () => {
    for (const days of [30, 90, 365]) {
      const { view } = await newKey(owner, String(days));
      expect(view.expiresAt.getTime() - clock.now().getTime()).toBe(days * DAY);
    }
  });

  it("refuses an empty or overlong name, an expiry outside the offered ones and a scope the person does not hold, naming the field, and audits each refusal", async () => {
    const who = await person();
    const attempt = (input: { name: unknown; expiresInDays: unknown; scopes: unknown[] }) => createApiKey(t.db, hasher, who, input, clock);
    expect(await attempt({ name: "  ", expiresInDays: "30", scopes: ["mcp"] })).toEqual({ ok: false, code: "api_key_name_invalid", field: "name" });
    expect(await attempt({ name: "x".repeat(61), expiresInDays: "30", scopes: ["mcp"] })).toMatchObject({ code: "api_key_name_invalid" });
    expect(await attempt({ name: "bell\u0007", expiresInDays: "30", scopes: ["mcp"] })).toMatchObject({ code: "api_key_name_invalid" });
    expect(await attempt({ name: "Laptop", expiresInDays: "0", scopes: ["mcp"] })).toEqual({ ok: false, code: "api_key_expiry_invalid", field: "expiry" });
    expect(await attempt({ name: "Laptop", expiresInDays: "36500", scopes: ["mcp"] })).toMatchObject({ code: "api_key_expiry_invalid" });
    expect(await attempt({ name: "Laptop", expiresInDays: null, scopes: ["mcp"] })).toMatchObject({ code: "api_key_expiry_invalid" });
    expect(await attempt({ name: "Laptop", expiresInDays: "30", scopes: ["admin"] })).toEqual({ ok: false, code: "api_key_scopes_invalid", field: "scopes" });
    expect(await attempt({ name: "Laptop", expiresInDays: "30", scopes: [] })).toMatchObject({ code: "api_key_scopes_invalid" });
    expect(await t.db.select().from(personalApiKeys).where(eq(personalApiKeys.userId, who.userId))).toHaveLength(0);
    const refusals = await t.db.select().from(auditEvents).where(and(eq(auditEvents.kind, "api_key.create_refused"), eq(auditEvents.actorId, who.userId)));
    expect(refusals).toHaveLength(8);
  });

  it("allows at most 20 live keys per person", async () => {
    const who = await person();
    for (let i = 0; i < 20; i += 1) await newKey(who);
    expect(await createApiKey(t.db, hasher, who, { name: "One more", expiresInDays: "30", scopes: ["mcp"] }, clock)).toMatchObject({ ok: false, code: "api_key_too_many" });
  });
});

describe("verifying a personal API key at the gateway's seam", () => {
  it("routes a ghk_ bearer to the API-key verifier without reading it as a JWT and gives the owner in the key's workspace with its scopes", async () => {
    const { key } = await newKey(owner);
    const verified = await verifyCredential(verifiers(), key, {});
    expect(verified.ok && verified.principal).toEqual({
      kind: "user",
      workspace: { id: owner.tenantId, key: "keys-1" },
      subject: owner.userId,
      email: "p1@keys.example",
      scopes: ["mcp"],
      credential: "personal_api_key",
    });
    expect(await verifyCredential(verifiers(), key, { workspaceKey: "keys-1" })).toMatchObject({ ok: true });
  });

  it("refuses the key at another workspace's URL", async () => {
    const { key } = await newKey(owner);
    expect(await verifyCredential(verifiers(), key, { workspaceKey: "somewhere-else" })).toMatchObject({ ok: false, status: 401, reason: "other_workspace" });
  });

  it("refuses a key whose secret differs in one character, and a key hashed under another SECRET_ENCRYPTION_KEY", async () => {
    const { key } = await newKey(owner);
    const altered = key.slice(0, -1) + (key.endsWith("A") ? "B" : "A");
    expect(await verifyCredential(verifiers(), altered, {})).toMatchObject({ ok: false, status: 401, reason: "api_key_unknown", message: "mcp_api_key_invalid" });
    expect(await verifyApiKey(t.db, apiKeyHasher(Buffer.alloc(32, 8)), key, clock)).toMatchObject({ ok: false, reason: "api_key_unknown" });
    expect(await verifyCredential(verifiers(), "ghk_not-a-key", {})).toMatchObject({ ok: false, reason: "api_key_malformed" });
  });

  it("refuses a revoked key at its next use, and lets nobody but its owner revoke it", async () => {
    const { key, view } = await newKey(owner);
    const stranger = await person();
    expect(await revokeApiKey(t.db, { ...stranger, tenantId: owner.tenantId }, view.id, clock)).toBe(false);
    expect(await verifyCredential(verifiers(), key, {})).toMatchObject({ ok: true });
    expect(await revokeApiKey(t.db, owner, view.id, clock)).toBe(true);
    expect(await verifyCredential(verifiers(), key, {})).toMatchObject({ ok: false, status: 401, reason: "api_key_revoked", facts: { keyId: view.prefix.slice(4), workspaceId: owner.tenantId } });
    expect(await revokeApiKey(t.db, owner, view.id, clock)).toBe(false);
    const kinds = (await t.db.select().from(auditEvents).where(eq(auditEvents.tenantId, owner.tenantId))).map((e) => e.kind);
    expect(kinds).toContain("api_key.revoked");
    expect(kinds).toContain("api_key.revoke_refused");
  });

  it("refuses a key from the moment its expiry passes", async () => {
    const { key } = await newKey(owner, "30");
    const at = frozenClock(clock.now());
    const check = () => verifyCredential([apiKeyCredentialVerifier({ db: t.db, hasher, clock: at })], key, {});
    at.advance(30 * DAY - 1);
    expect(await check()).toMatchObject({ ok: true });
    at.advance(1);
    expect(await check()).toMatchObject({ ok: false, status: 401, reason: "api_key_expired", message: "mcp_api_key_expired" });
  });

  it("refuses the key of a person removed from the workspace it was made in, though they remain a member elsewhere", async () => {
    const who = await person();
    const { key } = await newKey(who);
    const elsewhere = await createTenant(t.db, "keys-elsewhere");
    await t.db.insert(tenantMemberships).values({ userId: who.userId, tenantId: elsewhere.id, role: "member" });
    expect(await verifyCredential(verifiers(), key, {})).toMatchObject({ ok: true });
    await t.db.delete(tenantMemberships).where(and(eq(tenantMemberships.userId, who.userId), eq(tenantMemberships.tenantId, who.tenantId)));
    expect(await verifyCredential(verifiers(), key, {})).toMatchObject({ ok: false, status: 401, reason: "api_key_owner_not_member", message: "mcp_api_key_owner_removed" });
  });

  it("writes last used at the first use and then at most once a minute", async () => {
    const { key, view } = await newKey(owner);
    const at = frozenClock(clock.now());
    const use = () => verifyApiKey(t.db, hasher, key, at);
    const lastUsed = async () => (await t.db.select().from(personalApiKeys).where(eq(personalApiKeys.id, view.id)))[0]!.lastUsedAt;
    expect(await lastUsed()).toBeNull();
    await use();
    const first = at.now();
    expect(await lastUsed()).toEqual(first);
    at.advance(59_000);
    await use();
    expect(await lastUsed()).toEqual(first);
    at.advance(1_000);
    await use();
    expect(await lastUsed()).toEqual(at.now());
  });
});
