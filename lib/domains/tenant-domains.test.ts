import { describe, expect, it } from "vitest";
import { tenantSsoConfigs, tenants } from "@/db/schema";
import { withTestDatabase } from "@/db/testing/test-database";
import { createTenant } from "@/lib/testing/fixtures";
import { frozenClock } from "@/lib/time/clock";
import { eq } from "drizzle-orm";
import { claimDomain, findSsoRouteForEmail, verifyDomain } from "./tenant-domains";

const t = withTestDatabase();
const clock = frozenClock("2026-11-21T16:00:00Z");

describe("tenant domains", () => {
  it("stores a claimed domain normalised, once across tenants, and never a public mail domain", async () => {
    const a = await createTenant(t.db, "alpha", "Alpha");
    const b = await createTenant(t.db, "bravo", "Bravo");
    expect(await claimDomain(t.db, a.id, "Alpha.Example.", clock)).toEqual({ ok: true, domain: "alpha.example" });
    expect(await claimDomain(t.db, a.id, "alpha.example", clock)).toEqual({ ok: true, domain: "alpha.example" });
    expect(await claimDomain(t.db, b.id, "ALPHA.example", clock)).toEqual({ ok: false, code: "domain_taken" });
    expect(await claimDomain(t.db, b.id, "gmail.com", clock)).toEqual({ ok: false, code: "domain_public" });
    expect(await claimDomain(t.db, b.id, "not a domain", clock)).toEqual({ ok: false, code: "domain_invalid" });
  });

  it("routes an e-mail to tenant SSO only once the domain is verified and SSO is enabled", async () => {
    const c = await createTenant(t.db, "charlie", "Charlie");
    await claimDomain(t.db, c.id, "charlie.example", clock);
    await t.db.insert(tenantSsoConfigs).values({ tenantId: c.id, entraTenantId: "x", clientId: "y", clientSecretEncrypted: "z", enabled: true });
    expect(await findSsoRouteForEmail(t.db, "kim@charlie.example")).toBeUndefined();
    await verifyDomain(t.db, "charlie.example", clock);
    expect(await findSsoRouteForEmail(t.db, "Kim@Charlie.Example")).toEqual({ tenantKey: "charlie", tenantName: "Charlie", kind: "entra", idpName: "Microsoft Entra ID" });
    await t.db.update(tenants).set({ status: "disabled" }).where(eq(tenants.id, c.id));
    expect(await findSsoRouteForEmail(t.db, "kim@charlie.example")).toBeUndefined();
    await t.db.update(tenants).set({ status: "active" }).where(eq(tenants.id, c.id));
    await t.db.update(tenantSsoConfigs).set({ enabled: false }).where(eq(tenantSsoConfigs.tenantId, c.id));
    expect(await findSsoRouteForEmail(t.db, "kim@charlie.example")).toBeUndefined();
  });
});
