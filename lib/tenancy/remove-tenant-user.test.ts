import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { auditEvents, oauthConsents, oauthModels, sessions, tenantMemberships, users } from "@/db/schema";
import { apiKeyHasher } from "@/lib/api-keys/api-key-secret";
import { createApiKey, verifyApiKey } from "@/lib/api-keys/personal-api-keys";
import { withTestDatabase } from "@/db/testing/test-database";
import { createSession } from "@/lib/auth/sessions";
import { createTenant } from "@/lib/testing/fixtures";
import { frozenClock } from "@/lib/time/clock";
import { removeTenantUser } from "./remove-tenant-user";

const t = withTestDatabase();
const clock = frozenClock("2026-11-21T17:00:00Z");

let tenantCount = 0;
/** A tenant of its own for each test, with the given users and roles. */
async function tenantWith(roles: Record<string, "admin" | "member">) {
  const tenant = await createTenant(t.db, `tenant-${++tenantCount}`);
  const ids: Record<string, string> = {};
  for (const [name, role] of Object.entries(roles)) {
    const [user] = await t.db.insert(users).values({ name }).returning();
    ids[name] = user!.id;
    await t.db.insert(tenantMemberships).values({ userId: user!.id, tenantId: tenant.id, role });
  }
  return { tenantId: tenant.id, ids };
}

const remove = (tenantId: string, userId: string, actorId: string) =>
  removeTenantUser(t.db, { tenantId, userId, actor: { id: actorId, label: "admin@acme.example" }, clientIp: "10.0.0.7" }, clock);

const membershipsOf = (userId: string) => t.db.select().from(tenantMemberships).where(eq(tenantMemberships.userId, userId));
const sessionTokensOf = async (userId: string) => (await t.db.select().from(sessions).where(eq(sessions.userId, userId))).map((s) => s.sessionToken);
const removalEvents = (tenantId: string) =>
  t.db
    .select()
    .from(auditEvents)
    .where(and(eq(auditEvents.kind, "tenant.user_removed"), eq(auditEvents.tenantId, tenantId)));

describe("removeTenantUser", () => {
  it("deletes the membership and ends the user's sessions for this tenant, but not their sessions elsewhere", async () => {
    const acme = await tenantWith({ ada: "admin", bob: "member" });
    const other = await tenantWith({ olga: "admin" });
    const bob = acme.ids.bob!;
    await t.db.insert(tenantMemberships).values({ userId: bob, tenantId: other.tenantId, role: "member" });
    const inAcme = await createSession(t.db, { userId: bob, tenantId: acme.tenantId }, clock);
    const inAcmeOnPhone = await createSession(t.db, { userId: bob, tenantId: acme.tenantId }, clock);
    const inOther = await createSession(t.db, { userId: bob, tenantId: other.tenantId }, clock);
    const withoutTenant = await createSession(t.db, { userId: bob, tenantId: null }, clock);

    expect(await remove(acme.tenantId, bob, acme.ids.ada!)).toEqual({ ok: true, endedSessions: 2, revokedApiKeys: 0, revokedGrants: 0 });

    expect((await membershipsOf(bob)).map((m) => m.tenantId)).toEqual([other.tenantId]);
    const left = await sessionTokensOf(bob);
    expect(left.sort()).toEqual([inOther.sessionToken, withoutTenant.sessionToken].sort());
    expect(left).not.toContain(inAcme.sessionToken);
    expect(left).not.toContain(inAcmeOnPhone.sessionToken);
  });

  it("records who removed whom, in which tenant, when and from where", async () => {
    const acme = await tenantWith({ ada: "admin", bob: "member" });
    await remove(acme.tenantId, acme.ids.bob!, acme.ids.ada!);
    const events = await removalEvents(acme.tenantId);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      outcome: "success",
      actorType: "user",
      actorId: acme.ids.ada,
      actorLabel: "admin@acme.example",
      clientIp: "10.0.0.7",
      occurredAt: new Date("2026-11-21T17:00:00Z"),
      detail: { userId: acme.ids.bob },
    });
    expect(events[0]!.reference).toMatch(/^GH-/);
  });

  it("refuses to remove the last admin and changes nothing", async () => {
    const acme = await tenantWith({ ada: "admin", bob: "member" });
    const session = await createSession(t.db, { userId: acme.ids.ada!, tenantId: acme.tenantId }, clock);

    expect(await remove(acme.tenantId, acme.ids.ada!, acme.ids.ada!)).toEqual({ ok: false, code: "last_admin" });

    expect(await membershipsOf(acme.ids.ada!)).toHaveLength(1);
    expect(await sessionTokensOf(acme.ids.ada!)).toEqual([session.sessionToken]);
    expect(await removalEvents(acme.tenantId)).toHaveLength(0);
  });

  it("lets an admin remove another admin, or themselves, while one admin remains", async () => {
    const acme = await tenantWith({ ada: "admin", bea: "admin", cal: "admin" });
    expect(await remove(acme.tenantId, acme.ids.bea!, acme.ids.ada!)).toMatchObject({ ok: true });
    expect(await remove(acme.tenantId, acme.ids.ada!, acme.ids.ada!)).toMatchObject({ ok: true });
    expect(await remove(acme.tenantId, acme.ids.cal!, acme.ids.cal!)).toEqual({ ok: false, code: "last_admin" });
  });

  it("never leaves a tenant without an admin when two admins remove each other at once", async () => {
    const acme = await tenantWith({ ada: "admin", bea: "admin" });
    const results = await Promise.all([remove(acme.tenantId, acme.ids.bea!, acme.ids.ada!), remove(acme.tenantId, acme.ids.ada!, acme.ids.bea!)]);
    expect(results.filter((result) => result.ok)).toHaveLength(1);
    expect(results.filter((result) => !result.ok)).toEqual([{ ok: false, code: "last_admin" }]);
    const admins = await t.db.select().from(tenantMemberships).where(eq(tenantMemberships.tenantId, acme.tenantId));
    expect(admins).toHaveLength(1);
  });

  it("answers not found for a user of another tenant and leaves that tenant untouched", async () => {
    const acme = await tenantWith({ ada: "admin" });
    const globex = await tenantWith({ gil: "admin", gus: "member" });
    const session = await createSession(t.db, { userId: globex.ids.gus!, tenantId: globex.tenantId }, clock);

    for (const victim of [globex.ids.gus!, globex.ids.gil!])
      expect(await remove(acme.tenantId, victim, acme.ids.ada!)).toEqual({ ok: false, code: "tenant_user_not_found" });

    expect(await t.db.select().from(tenantMemberships).where(eq(tenantMemberships.tenantId, globex.tenantId))).toHaveLength(2);
    expect(await sessionTokensOf(globex.ids.gus!)).toEqual([session.sessionToken]);
    expect(await removalEvents(acme.tenantId)).toHaveLength(0);
  });

  it("answers not found for an unknown user id", async () => {
    const acme = await tenantWith({ ada: "admin" });
    expect(await remove(acme.tenantId, "no-such-user", acme.ids.ada!)).toEqual({ ok: false, code: "tenant_user_not_found" });
  });

  it("revokes every credential the person holds for the workspace in the same transaction, and audits what it revoked", async () => {
    const acme = await tenantWith({ ada: "admin", bob: "member" });
    const elsewhere = await tenantWith({ bob2: "admin" });
    const bob = acme.ids.bob!;
    await t.db.insert(tenantMemberships).values({ userId: bob, tenantId: elsewhere.tenantId, role: "member" });
    const hasher = apiKeyHasher(Buffer.alloc(32, 3));
    const key = await createApiKey(t.db, hasher, { userId: bob, tenantId: acme.tenantId, clientIp: "10.0.0.9" }, { name: "CLI", expiresInDays: "30", scopes: ["mcp"] }, clock);
    const otherKey = await createApiKey(t.db, hasher, { userId: bob, tenantId: elsewhere.tenantId, clientIp: "10.0.0.9" }, { name: "Other", expiresInDays: "30", scopes: ["mcp"] }, clock);
    if (!key.ok || !otherKey.ok) throw new Error("keys were not created");
    const grant = (id: string, tenantId: string, clientId: string) => [
      t.db.insert(oauthConsents).values({ userId: bob, clientId, tenantId, grantId: id, scopes: "mcp", resource: "https://id.example/mcp", createdAt: clock.now(), updatedAt: clock.now() }),
      t.db.insert(oauthModels).values([
        { model: "Grant", id, payload: {} },
        { model: "RefreshToken", id: `${id}-refresh`, grantId: id, payload: {} },
      ]),
    ];
    for (const write of [...grant("grant-acme", acme.tenantId, "vscode"), ...grant("grant-else", elsewhere.tenantId, "cursor")]) await write;

    expect(await remove(acme.tenantId, bob, acme.ids.ada!)).toMatchObject({ ok: true, revokedApiKeys: 1, revokedGrants: 1 });

    expect(await verifyApiKey(t.db, hasher, key.key, clock)).toMatchObject({ ok: false, reason: expect.stringMatching(/revoked/) });
    expect(await t.db.select().from(oauthModels).where(eq(oauthModels.grantId, "grant-acme"))).toHaveLength(0);
    expect(await t.db.select().from(oauthModels).where(and(eq(oauthModels.model, "Grant"), eq(oauthModels.id, "grant-acme")))).toHaveLength(0);
    // What they hold for their other workspace keeps working.
    expect(await verifyApiKey(t.db, hasher, otherKey.key, clock)).toMatchObject({ ok: true });
    expect(await t.db.select().from(oauthModels).where(eq(oauthModels.grantId, "grant-else"))).toHaveLength(1);
    const [event] = await removalEvents(acme.tenantId);
    expect(event!.detail).toMatchObject({ userId: bob, revokedApiKeys: 1, revokedGrants: 1 });
  });
});
