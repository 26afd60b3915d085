import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { sessions, tenantMemberships, tenants, users } from "@/db/schema";
import { withTestDatabase } from "@/db/testing/test-database";
import { createSession } from "@/lib/auth/sessions";
import { frozenClock } from "@/lib/time/clock";
import { createWorkspace, tenantKeyFor } from "./create-workspace";

const t = withTestDatabase();
const clock = frozenClock("2026-11-21T15:00:00Z");

describe("createWorkspace", () => {
  it("creates the tenant with its creator as admin and switches the session to it", async () => {
    const [user] = await t.db.insert(users).values({ name: "Founder" }).returning();
    const { sessionToken } = await createSession(t.db, { userId: user!.id, tenantId: null }, clock);
    const result = await createWorkspace(t.db, { userId: user!.id, sessionToken, name: "  Acme Rockets ", clientIp: "10.0.0.1" }, clock);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const [tenant] = await t.db.select().from(tenants).where(eq(tenants.id, result.tenantId));
    expect(tenant).toMatchObject({ name: "Acme Rockets", status: "active", microsoftTenantId: null });
    expect(tenant!.key).toMatch(/^acme-rockets-[a-f0-9]{6}$/);
    const [membership] = await t.db.select().from(tenantMemberships).where(eq(tenantMemberships.userId, user!.id));
    expect(membership).toMatchObject({ tenantId: result.tenantId, role: "admin" });
    const [session] = await t.db.select().from(sessions).where(eq(sessions.sessionToken, sessionToken));
    expect(session!.tenantId).toBe(result.tenantId);
  });

  it("refuses an empty or overlong name and writes nothing", async () => {
    const [user] = await t.db.insert(users).values({ name: "Nobody" }).returning();
    const before = (await t.db.select().from(tenants)).length;
    for (const name of ["", " x ", "y".repeat(81), 42, null])
      expect(await createWorkspace(t.db, { userId: user!.id, sessionToken: "none", name, clientIp: "10.0.0.1" }, clock)).toEqual({
        ok: false,
        code: "workspace_name_invalid",
      });
    expect(await t.db.select().from(tenants)).toHaveLength(before);
  });

  it("derives URL-safe keys that satisfy the tenant key format", () => {
    for (const name of ["Ünïcödé GmbH", "日本語", "--", "A very long workspace name that keeps going"])
      expect(tenantKeyFor(name)).toMatch(/^[a-z0-9][a-z0-9-]{1,38}[a-z0-9]$/);
  });
});
