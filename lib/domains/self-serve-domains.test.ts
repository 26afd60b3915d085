import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditEvents, tenantDomains, tenantSsoConfigs } from "@/db/schema";
import { withTestDatabase } from "@/db/testing/test-database";
import { startLoopbackDns, type LoopbackDns } from "@/e2e/support/dns-server";
import { createTenant } from "@/lib/testing/fixtures";
import { frozenClock } from "@/lib/time/clock";
import { dnsTxtLookup } from "./dns-txt-lookup";
import { addDomainForTenant, challengeRecordName, listTenantDomains, recheckVerifiedDomains, verifyDomainByDns } from "./self-serve-domains";
import { findSsoRouteForEmail } from "./tenant-domains";

const t = withTestDatabase();
let dns: LoopbackDns;
beforeAll(async () => {
  dns = await startLoopbackDns();
});
afterAll(() => dns?.stop());

const clock = frozenClock("2026-11-28T10:00:00Z");
const actor = { userId: "admin-1", clientIp: "192.0.2.7" };
const lookup = () => dnsTxtLookup(dns.address, { timeoutMs: 500 });

async function addedDomain(key: string, domain: string) {
  const tenant = await createTenant(t.db, key, key);
  expect(await addDomainForTenant(t.db, { tenantId: tenant.id, domain, actor }, clock)).toEqual({ ok: true, domain });
  const [view] = await listTenantDomains(t.db, tenant.id);
  return { tenant, view: view! };
}

describe("self-serve domains", () => {
  it("gives a claimed domain a TXT record to publish, and verifies it once the record is in DNS", async () => {
    const { tenant, view } = await addedDomain("alpine", "alpine.example");
    expect(view).toMatchObject({ state: "pending", recordName: "_gatehouse-challenge.alpine.example", recordValue: expect.stringMatching(/^gatehouse-verification=/) });
    expect(await verifyDomainByDns(t.db, { tenantId: tenant.id, domain: "alpine.example", actor }, lookup(), clock)).toMatchObject({ ok: false, code: "domain_txt_missing" });
    dns.setTxt(view.recordName, ["v=spf1 -all", view.recordValue!]);
    expect(await verifyDomainByDns(t.db, { tenantId: tenant.id, domain: "ALPINE.example", actor }, lookup(), clock)).toEqual({ ok: true });
    expect((await listTenantDomains(t.db, tenant.id))[0]).toMatchObject({ state: "verified" });
  });

  it("routes /login's e-mail discovery to the workspace's SSO once its domain is verified", async () => {
    const { tenant, view } = await addedDomain("bravo", "bravo.example");
    await t.db.insert(tenantSsoConfigs).values({ tenantId: tenant.id, kind: "entra", entraTenantId: crypto.randomUUID(), clientId: crypto.randomUUID(), clientSecretEncrypted: "v1.x.y.z.w", enabled: true });
    expect(await findSsoRouteForEmail(t.db, "pat@bravo.example")).toBeUndefined();
    dns.setTxt(view.recordName, [view.recordValue!]);
    await verifyDomainByDns(t.db, { tenantId: tenant.id, domain: "bravo.example", actor }, lookup(), clock);
    expect(await findSsoRouteForEmail(t.db, "pat@bravo.example")).toMatchObject({ tenantKey: "bravo" });
  });

  it("refuses public mail domains and another workspace's domain", async () => {
    const tenant = await createTenant(t.db, "charlie", "Charlie");
    expect(await addDomainForTenant(t.db, { tenantId: tenant.id, domain: "outlook.com", actor }, clock)).toEqual({ ok: false, code: "domain_public" });
    await addedDomain("delta", "delta.example");
    expect(await addDomainForTenant(t.db, { tenantId: tenant.id, domain: "delta.example", actor }, clock)).toEqual({ ok: false, code: "domain_taken" });
    expect(await verifyDomainByDns(t.db, { tenantId: tenant.id, domain: "delta.example", actor }, lookup(), clock)).toMatchObject({ ok: false, code: "domain_not_found" });
  });

  it("does not take a DNS failure for a missing record", async () => {
    const { tenant, view } = await addedDomain("echo", "echo.example");
    dns.setTxt(view.recordName, [view.recordValue!]);
    dns.failAll(true);
    try {
      const refused = await verifyDomainByDns(t.db, { tenantId: tenant.id, domain: "echo.example", actor }, lookup(), clock);
      expect(refused).toMatchObject({ ok: false, code: "domain_dns_unreachable" });
      const [event] = await t.db.select().from(auditEvents).where(eq(auditEvents.reference, (refused as { reference: string }).reference));
      expect(event).toMatchObject({ kind: "domain.verified", outcome: "failure", detail: { reason: "domain_dns_unreachable" } });
    } finally {
      dns.failAll(false);
    }
  });

  it("re-checks verified domains a day later: a lost record sends the domain back to pending, a DNS outage does not", async () => {
    const { tenant, view } = await addedDomain("foxtrot", "foxtrot.example");
    dns.setTxt(view.recordName, [view.recordValue!]);
    await verifyDomainByDns(t.db, { tenantId: tenant.id, domain: "foxtrot.example", actor }, lookup(), clock);
    const nextDay = frozenClock("2026-11-29T10:00:01Z");
    dns.setTxt(view.recordName, null);
    dns.failAll(true);
    expect((await recheckVerifiedDomains(t.db, lookup(), nextDay)).lost).toEqual([]);
    dns.failAll(false);
    const { lost } = await recheckVerifiedDomains(t.db, lookup(), nextDay);
    expect(lost).toContain("foxtrot.example");
    const [row] = await t.db.select().from(tenantDomains).where(eq(tenantDomains.domain, "foxtrot.example"));
    expect(row).toMatchObject({ verifiedAt: null, lostAt: nextDay.now() });
    expect(challengeRecordName("foxtrot.example")).toBe(view.recordName);
  });

  it("leaves a domain checked within the day alone", async () => {
    const { tenant, view } = await addedDomain("golf", "golf.example");
    dns.setTxt(view.recordName, [view.recordValue!]);
    await verifyDomainByDns(t.db, { tenantId: tenant.id, domain: "golf.example", actor }, lookup(), clock);
    dns.setTxt(view.recordName, null);
    const { lost } = await recheckVerifiedDomains(t.db, lookup(), frozenClock("2026-11-28T20:00:00Z"));
    expect(lost).not.toContain("golf.example");
  });
});
