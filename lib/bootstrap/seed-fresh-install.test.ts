import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { passwordCredentials, tenantMemberships, tenants, users } from "@/db/schema";
import { withTestDatabase } from "@/db/testing/test-database";
import { verifyPassword } from "@/lib/auth/password-hash";
import { frozenClock } from "@/lib/time/clock";
import { seedFreshInstall } from "./seed-fresh-install";

const t = withTestDatabase();
const clock = frozenClock("2026-11-21T08:00:00Z");

describe("seedFreshInstall", () => {
  it("creates the default tenant and admin/admin with a forced password change, once", async () => {
    expect(await seedFreshInstall(t.db, clock)).toEqual({ createdAdmin: true });
    expect(await seedFreshInstall(t.db, clock)).toEqual({ createdAdmin: false });
    const allTenants = await t.db.select().from(tenants);
    expect(allTenants.map((x) => [x.key, x.name, x.status])).toEqual([["default", "Default", "active"]]);
    const [credential] = await t.db.select().from(passwordCredentials).where(eq(passwordCredentials.login, "admin"));
    expect(credential!.mustChange).toBe(true);
    expect(await verifyPassword("admin", credential!.hash)).toBe(true);
    const memberships = await t.db.select().from(tenantMemberships).where(eq(tenantMemberships.userId, credential!.userId));
    expect(memberships.map((m) => [m.tenantId, m.role])).toEqual([[allTenants[0]!.id, "admin"]]);
  });

  it("stores the initial admin password as Argon2id", async () => {
    const [credential] = await t.db.select().from(passwordCredentials).where(eq(passwordCredentials.login, "admin"));
    expect(credential!.hash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
  });

  it("never resets a password that was already changed", async () => {
    await t.db.update(passwordCredentials).set({ hash: "changed", mustChange: false }).where(eq(passwordCredentials.login, "admin"));
    await seedFreshInstall(t.db, clock);
    const [credential] = await t.db.select().from(passwordCredentials).where(eq(passwordCredentials.login, "admin"));
    expect(credential).toMatchObject({ hash: "changed", mustChange: false });
  });
});

describe("the user table", () => {
  it("stores e-mails lower-case only, and each e-mail once", async () => {
    await t.db.insert(users).values({ email: "zoe@contoso.com" });
    await expect(t.db.insert(users).values({ email: "zoe@contoso.com" })).rejects.toThrow();
    await expect(t.db.insert(users).values({ email: "Yann@Contoso.com" })).rejects.toThrow();
  });
});
