import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { sessions, tenantMemberships, tenants } from "@/db/schema";
import { withTestDatabase } from "@/db/testing/test-database";
import { createPasswordUser, createTenant } from "@/lib/testing/fixtures";
import { frozenClock } from "@/lib/time/clock";
import type { AuthPolicy } from "./auth-policy";
import { loadSessionAndUser } from "./session-lookup";
import { createSession, deleteSession } from "./sessions";

const t = withTestDatabase();
const clock = frozenClock("2026-11-21T12:00:00Z");
const STANDARD: AuthPolicy = { mode: "standard", allowedDomains: [] };
const RESTRICTED: AuthPolicy = { mode: "restricted", allowedDomains: ["contoso.example"] };

describe("loadSessionAndUser", () => {
  it("returns the user with their tenant, role and pending password change", async () => {
    const tenant = await createTenant(t.db, "fabrikam", "Fabrikam");
    const user = await createPasswordUser(t.db, { login: "erin@fabrikam.com", password: "irrelevant here", tenantId: tenant.id, role: "admin", mustChange: true });
    const { sessionToken } = await createSession(t.db, { userId: user.id, tenantId: tenant.id }, clock);
    const found = await loadSessionAndUser(t.db, sessionToken, STANDARD);
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
    expect(await loadSessionAndUser(t.db, "no-such-token", STANDARD)).toBeNull();
    const user = await createPasswordUser(t.db, { login: "frank", password: "irrelevant here" });
    const { sessionToken } = await createSession(t.db, { userId: user.id, tenantId: null }, clock);
    await deleteSession(t.db, sessionToken);
    expect(await loadSessionAndUser(t.db, sessionToken, STANDARD)).toBeNull();
  });

  it("drops the tenant when the membership is removed or the tenant is disabled", async () => {
    const tenant = await createTenant(t.db, "northwind", "Northwind");
    const user = await createPasswordUser(t.db, { login: "gina@northwind.com", password: "irrelevant here", tenantId: tenant.id });
    const { sessionToken } = await createSession(t.db, { userId: user.id, tenantId: tenant.id }, clock);
    expect((await loadSessionAndUser(t.db, sessionToken, STANDARD))?.user.gatehouse.tenant?.role).toBe("member");
    await t.db.update(tenants).set({ status: "disabled" }).where(eq(tenants.id, tenant.id));
    expect((await loadSessionAndUser(t.db, sessionToken, STANDARD))?.user.gatehouse.tenant).toBeNull();
    await t.db.update(tenants).set({ status: "active" }).where(eq(tenants.id, tenant.id));
    await t.db.delete(tenantMemberships).where(eq(tenantMemberships.userId, user.id));
    expect((await loadSessionAndUser(t.db, sessionToken, STANDARD))?.user.gatehouse.tenant).toBeNull();
  });

  describe("under a policy tightened since the session was made", () => {
    async function oidcSession(method: "microsoft" | "tenant_sso", vouchedDomain: string | null) {
      const user = await createPasswordUser(t.db, { login: `${crypto.randomUUID()}@example.org`, password: "irrelevant here" });
      const sessionToken = crypto.randomUUID();
      await t.db.insert(sessions).values({ sessionToken, userId: user.id, expires: new Date("2026-11-28T12:00:00Z"), signInMethod: method, vouchedDomain });
      return sessionToken;
    }

    it("ends a password session of anyone but the break-glass admin, at its next request", async () => {
      const user = await createPasswordUser(t.db, { login: "erin@contoso.example", password: "irrelevant here" });
      const { sessionToken } = await createSession(t.db, { userId: user.id, tenantId: null }, clock);
      expect(await loadSessionAndUser(t.db, sessionToken, RESTRICTED)).toBeNull();
      expect(await t.db.select().from(sessions).where(eq(sessions.sessionToken, sessionToken))).toHaveLength(0);
    });

    it("keeps the break-glass admin's password session", async () => {
      const admin = await createPasswordUser(t.db, { login: "admin", password: "irrelevant here" });
      const { sessionToken } = await createSession(t.db, { userId: admin.id, tenantId: null }, clock);
      expect((await loadSessionAndUser(t.db, sessionToken, RESTRICTED))?.user.id).toBe(admin.id);
    });

    it("keeps Microsoft and tenant SSO sessions on an allowed vouched domain and ends the others", async () => {
      const allowed = await oidcSession("microsoft", "contoso.example");
      const ssoAllowed = await oidcSession("tenant_sso", "contoso.example");
      const offList = await oidcSession("tenant_sso", "fabrikam.example");
      const unverified = await oidcSession("microsoft", null);
      expect(await loadSessionAndUser(t.db, allowed, RESTRICTED)).not.toBeNull();
      expect(await loadSessionAndUser(t.db, ssoAllowed, RESTRICTED)).not.toBeNull();
      expect(await loadSessionAndUser(t.db, offList, RESTRICTED)).toBeNull();
      expect(await loadSessionAndUser(t.db, unverified, RESTRICTED)).toBeNull();
      expect(await loadSessionAndUser(t.db, unverified, STANDARD)).toBeNull(); // it was deleted, not merely hidden
    });
  });
});
