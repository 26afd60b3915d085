import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { auditEvents, groupMappings } from "@/db/schema";
import { withTestDatabase } from "@/db/testing/test-database";
import { createPasswordUser, createTenant } from "@/lib/testing/fixtures";
import { frozenClock } from "@/lib/time/clock";
import { addGroupMapping, listGroupMappings, moveGroupMapping, removeGroupMapping, type GroupMappingsContext } from "./group-mappings";

const t = withTestDatabase();
const clock = frozenClock("2026-11-21T14:00:00Z");
const A = "16c7e67e-e8ae-498c-ba2e-0593c0159e43";
const B = "62c07ac1-03d0-4924-90c7-a0255f23bd1d";
const C = "0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d";

async function workspace(key: string): Promise<GroupMappingsContext> {
  const tenant = await createTenant(t.db, key);
  const owner = await createPasswordUser(t.db, { login: `owner@${key}.example`, password: "correct horse battery staple 9", tenantId: tenant.id, role: "admin" });
  return { db: t.db, tenantId: tenant.id, actorId: owner.id, clientIp: "192.0.2.50", clock };
}
const groupsOf = async (ctx: GroupMappingsContext) => (await listGroupMappings(t.db, ctx.tenantId)).map((m) => m.groupId);

describe("a workspace's group mappings", () => {
  it("adds mappings at the end of the priority order, and audits each", async () => {
    const ctx = await workspace("mappings-add");
    expect(await addGroupMapping(ctx, "entra", { groupId: A, role: "admin", scopes: "mcp.admin" })).toEqual({ ok: true, message: "group_mapping_added" });
    await addGroupMapping(ctx, "entra", { groupId: B, role: "member", scopes: "" });
    expect(await listGroupMappings(t.db, ctx.tenantId)).toMatchObject([
      { groupId: A, role: "admin", scopes: "mcp.admin" },
      { groupId: B, role: "member", scopes: "" },
    ]);
    const audits = await t.db.select().from(auditEvents).where(eq(auditEvents.kind, "group_mapping.added"));
    expect(audits.filter((a) => a.tenantId === ctx.tenantId)).toHaveLength(2);
  });

  it("refuses the same group twice and bad input, writing nothing", async () => {
    const ctx = await workspace("mappings-refuse");
    await addGroupMapping(ctx, "entra", { groupId: A, role: "admin" });
    expect(await addGroupMapping(ctx, "entra", { groupId: A.toUpperCase(), role: "member" })).toEqual({ ok: false, fieldErrors: { groupId: "group_mapping_exists" } });
    expect(await addGroupMapping(ctx, "entra", { groupId: "admins", role: "root" })).toEqual({
      ok: false,
      fieldErrors: { groupId: "group_mapping_group_id_invalid", role: "group_mapping_role_invalid" },
    });
    expect(await groupsOf(ctx)).toEqual([A]);
  });

  it("moves a mapping up and down, and leaves the ends where they are", async () => {
    const ctx = await workspace("mappings-move");
    for (const groupId of [A, B, C]) await addGroupMapping(ctx, "entra", { groupId, role: "member" });
    const [a, , c] = await listGroupMappings(t.db, ctx.tenantId);
    expect(await moveGroupMapping(ctx, c!.id, "up")).toMatchObject({ ok: true });
    expect(await groupsOf(ctx)).toEqual([A, C, B]);
    expect(await moveGroupMapping(ctx, a!.id, "down")).toMatchObject({ ok: true });
    expect(await groupsOf(ctx)).toEqual([C, A, B]);
    await moveGroupMapping(ctx, c!.id, "up");
    expect(await groupsOf(ctx)).toEqual([C, A, B]);
  });

  it("removes a mapping, and answers one that does not exist (or of another workspace) as not found", async () => {
    const ctx = await workspace("mappings-remove");
    const other = await workspace("mappings-other");
    await addGroupMapping(ctx, "oidc", { groupId: "Engineering", role: "member" });
    const [mapping] = await listGroupMappings(t.db, ctx.tenantId);
    expect(await removeGroupMapping(other, mapping!.id)).toEqual({ ok: false, error: "group_mapping_not_found" });
    expect(await removeGroupMapping(ctx, "not-an-id\u0000")).toEqual({ ok: false, error: "group_mapping_not_found" });
    expect(await moveGroupMapping(ctx, mapping!.id, "sideways")).toEqual({ ok: false, error: "group_mapping_not_found" });
    expect(await removeGroupMapping(ctx, mapping!.id)).toEqual({ ok: true, message: "group_mapping_removed" });
    expect(await t.db.select().from(groupMappings).where(eq(groupMappings.tenantId, ctx.tenantId))).toEqual([]);
  });
});
