import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { tenantMemberships, tenants, users } from "@/db/schema";
import { withTestDatabase } from "@/db/testing/test-database";
import { createTenant } from "@/lib/testing/fixtures";
import { firstActiveWorkspace, onlyInDisabledWorkspaces } from "./workspace-access";

const t = withTestDatabase();

async function userIn(...tenantIds: string[]) {
  const [user] = await t.db.insert(users).values({ name: "Someone" }).returning();
  for (const [i, tenantId] of tenantIds.entries())
    await t.db.insert(tenantMemberships).values({ userId: user!.id, tenantId, role: "member", createdAt: new Date(Date.UTC(2026, 0, 1 + i)) });
  return user!.id;
}

describe("access to disabled workspaces", () => {
  it("blocks a user only when every workspace they belong to is disabled", async () => {
    const open = await createTenant(t.db, "open-ws");
    const closed = await createTenant(t.db, "closed-ws");
    await t.db.update(tenants).set({ status: "disabled" }).where(eq(tenants.id, closed.id));
    expect(await onlyInDisabledWorkspaces(t.db, await userIn(closed.id))).toBe(true);
    expect(await onlyInDisabledWorkspaces(t.db, await userIn(closed.id, open.id))).toBe(false);
    expect(await onlyInDisabledWorkspaces(t.db, await userIn())).toBe(false);
  });

  it("starts a session in the oldest workspace that is still active", async () => {
    const older = await createTenant(t.db, "older-ws");
    const newer = await createTenant(t.db, "newer-ws");
    const user = await userIn(older.id, newer.id);
    expect(await firstActiveWorkspace(t.db, user)).toBe(older.id);
    await t.db.update(tenants).set({ status: "disabled" }).where(eq(tenants.id, older.id));
    expect(await firstActiveWorkspace(t.db, user)).toBe(newer.id);
  });
});
