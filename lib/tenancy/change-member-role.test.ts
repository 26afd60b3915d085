import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { accounts, auditEvents, tenantMemberships, users } from "@/db/schema";
import { withTestDatabase } from "@/db/testing/test-database";
import { createTenant } from "@/lib/testing/fixtures";
import { frozenClock } from "@/lib/time/clock";
import { changeMemberRole } from "./change-member-role";

const t = withTestDatabase();
const clock = frozenClock("2026-11-21T17:00:00Z");

let tenantCount = 0;
/** A tenant of its own for each test, with the given users and roles. */
async function tenantWith(roles: Record<string, "admin" | "member">) {
  const key = `roles-${++tenantCount}`;
  const tenant = await createTenant(t.db, key);
  const ids: Record<string, string> = {};
  for (const [name, role] of Object.entries(roles)) {
    const [user] = await t.db.insert(users).values({ name }).returning();
    ids[name] = user!.id;
    await t.db.insert(tenantMemberships).values({ userId: user!.id, tenantId: tenant.id, role });
  }
  return { tenantId: tenant.id, key, ids };
}

const change = (tenantId: string, userId: string, role: unknown, actorId: string) =>
  changeMemberRole(t.db, { tenantId, userId, role, actor: { id: actorId, label: "admin@acme.example" }, clientIp: "10.0.0.7" }, clock);
const roleOf = async (tenantId: string, userId: string) =>
  (await t.db.select().from(tenantMemberships).where(and(eq(tenantMemberships.tenantId, tenantId), eq(tenantMemberships.userId, userId))))[0]?.role;
const roleEvents = (tenantId: string) =>
  t.db
    .select()
    .from(auditEvents)
    .where(and(eq(auditEvents.kind, "tenant.role_changed"), eq(auditEvents.tenantId, tenantId)));

describe("changeMemberRole", () => {
  it("makes a member an admin and back, each change audited with the actor and both roles", async () => {
    const { tenantId, ids } = await tenantWith({ ann: "admin", bob: "member" });
    expect(await change(tenantId, ids.bob!, "admin", ids.ann!)).toEqual({ ok: true, role: "admin", changed: true });
    expect(await roleOf(tenantId, ids.bob!)).toBe("admin");
    expect(await change(tenantId, ids.bob!, "member", ids.ann!)).toEqual({ ok: true, role: "member", changed: true });
    expect(await roleOf(tenantId, ids.bob!)).toBe("member");
    const events = await roleEvents(tenantId);
    expect(events.map((e) => [e.outcome, e.actorId, e.actorLabel, e.detail])).toEqual([
      ["success", ids.ann, "admin@acme.example", { userId: ids.bob, from: "member", to: "admin" }],
      ["success", ids.ann, "admin@acme.example", { userId: ids.bob, from: "admin", to: "member" }],
    ]);
  });

  it("refuses to demote the last admin, even the admin themselves, with an audited reference", async () => {
    const { tenantId, ids } = await tenantWith({ ann: "admin", bob: "member" });
    const refused = await change(tenantId, ids.ann!, "member", ids.ann!);
    expect(refused).toEqual({ ok: false, code: "last_admin", reference: expect.stringMatching(/^GH-/) });
    expect(await roleOf(tenantId, ids.ann!)).toBe("admin");
    const [event] = await roleEvents(tenantId);
    expect(event).toMatchObject({ outcome: "failure", reference: refused.ok ? "" : refused.reference, detail: { reason: "last_admin" } });
  });

  it("refuses to change the role of someone this workspace's SSO manages, but not of someone with another workspace's SSO", async () => {
    const { tenantId, key, ids } = await tenantWith({ ann: "admin", sso: "member", elsewhere: "member" });
    await t.db.insert(accounts).values({ userId: ids.sso!, type: "oidc", provider: `t-${key}`, providerAccountId: "tid:oid-1" });
    await t.db.insert(accounts).values({ userId: ids.elsewhere!, type: "oidc", provider: "t-some-other-workspace", providerAccountId: "tid:oid-2" });
    expect(await change(tenantId, ids.sso!, "admin", ids.ann!)).toMatchObject({ ok: false, code: "role_managed_by_sso" });
    expect(await roleOf(tenantId, ids.sso!)).toBe("member");
    expect(await change(tenantId, ids.elsewhere!, "admin", ids.ann!)).toMatchObject({ ok: true, changed: true });
  });

  it("refuses a role other than admin or member, and a user of another workspace, writing nothing", async () => {
    const mine = await tenantWith({ ann: "admin", bob: "member" });
    const theirs = await tenantWith({ zed: "member" });
    for (const role of ["owner", "", null, ["admin"], { role: "admin" }])
      expect(await change(mine.tenantId, mine.ids.bob!, role, mine.ids.ann!)).toMatchObject({ ok: false, code: "role_invalid" });
    expect(await change(mine.tenantId, theirs.ids.zed!, "admin", mine.ids.ann!)).toMatchObject({ ok: false, code: "tenant_user_not_found" });
    expect(await change(mine.tenantId, "not-an-id\u0000", "admin", mine.ids.ann!)).toMatchObject({ ok: false, code: "tenant_user_not_found" });
    expect(await roleOf(theirs.tenantId, theirs.ids.zed!)).toBe("member");
    expect(await roleOf(mine.tenantId, mine.ids.bob!)).toBe("member");
    expect((await roleEvents(mine.tenantId)).every((e) => e.outcome === "failure")).toBe(true);
  });

  it("lets only one of two admins demoting each other at once succeed", async () => {
    const { tenantId, ids } = await tenantWith({ ann: "admin", bea: "admin" });
    const results = await Promise.all([change(tenantId, ids.ann!, "member", ids.bea!), change(tenantId, ids.bea!, "member", ids.ann!)]);
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.filter((r) => !r.ok).map((r) => !r.ok && r.code)).toEqual(["last_admin"]);
  });
});
