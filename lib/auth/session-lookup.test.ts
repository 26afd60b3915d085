import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { tenantMemberships, tenants } from "@/db/schema";
import { withTestDatabase } from "@/db/testing/test-database";
import { createPasswordUser, createTenant } from "@/lib/testing/fixtures";
import { frozenClock } from "@/lib/time/clock";
import { loadSessionAndUser } from "./session-lookup";
import { createSession, deleteSession } from "./sessions";

const t = withTestDatabase();
const clock = frozenClock("2026-11-21T12:00:00Z");

describe("loadSessionAndUser", () => {
  it("returns the user with their tenant, role and pending password change", async () => {
    const tenant = await createTenant(t.db, "fabrikam", "Fabrikam");
    const user = await createPasswordUser(t.db, { login: "erin@fabrikam.com", password: "irrelevant here", tenantId: tenant.id, role: "admin", mustChange: true });
    const { sessionToken } = await createSession(t.db, { userId: user.id, tenantId: tenant.id }, clock);
    const found = await loadSessionAndUser(t.db, sessionToken);
    expect(found?.session).toEqual({ sessionToken, userId: user.id, expires: new Date("2026-11-28T12:00:00Z") });
    expect(found?.user.gatehouse).toEqual({
      id: user.id,
      name: "erin@fabrikam.com",
      email: "erin@fabrikam.com",
      login: "erin@fabrikam.com",
      tenant: { id: tenant.id, key: "fabrikam", name: "Fabrikam", role: "admin" },
      mustChangePassword: true,
    });
  });

  it("finds nothing for an unknown or deleted session", async () => {
    expect(await loadSessionAndUser(t.db, "no-such-token")).toBeNull();
    const user = await createPasswordUser(t.db, { login: "frank", password: "irrelevant here" });
    const { sessionToken } = await createSession(t.db, { userId: user.id, tenantId: null }, clock);
    await deleteSession(t.db, sessionToken);
    expect(await loadSessionAndUser(t.db, sessionToken)).toBeNull();
  });

  it("drops the tenant when the membership is removed or the tenant is disabled", async () => {
    const tenant = await createTenant(t.db, "northwind", "Northwind");
    const user = await createPasswordUser(t.db, { login: "gina@northwind.com", password: "irrelevant here", tenantId: tenant.id });
    const { sessionToken } = await createSession(t.db, { userId: user.id, tenantId: tenant.id }, clock);
    expect((await loadSessionAndUser(t.db, sessionToken))?.user.gatehouse.tenant?.role).toBe("member");
    await t.db.update(tenants).set({ status: "disabled" }).where(eq(tenants.id, tenant.id));
    expect((await loadSessionAndUser(t.db, sessionToken))?.user.gatehouse.tenant).toBeNull();
    await t.db.update(tenants).set({ status: "active" }).where(eq(tenants.id, tenant.id));
    await t.db.delete(tenantMemberships).where(eq(tenantMemberships.userId, user.id));
    expect((await loadSessionAndUser(t.db, sessionToken))?.user.gatehouse.tenant).toBeNull();
  });
});
