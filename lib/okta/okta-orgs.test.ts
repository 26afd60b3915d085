import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditEvents, oktaOrgs } from "@/db/schema";
import { withTestDatabase } from "@/db/testing/test-database";
import { oktaTestSeed, startOktaEmulator, type RunningOktaEmulator } from "@/e2e/okta-emulator";
import { emulatorFetch } from "@/e2e/support/emulator-fetch";
import { messageFor } from "@/lib/errors/user-messages";
import { createTenant } from "@/lib/testing/fixtures";
import { frozenClock } from "@/lib/time/clock";
import { oktaOrgByIssuer, oktaOrgOf, removeOktaOrg, saveOktaOrg } from "./okta-orgs";

const t = withTestDatabase();
const clock = frozenClock("2026-06-01T12:00:00Z");
let okta: RunningOktaEmulator;
let contoso: string;
let fabrikam: string;
const actor = { userId: "admin-1", clientIp: "203.0.113.9" };
const fetchOkta = () => emulatorFetch(okta.caPem);

beforeAll(async () => {
  okta = await startOktaEmulator({ seed: oktaTestSeed() });
  contoso = (await createTenant(t.db, "contoso-settings")).id;
  fabrikam = (await createTenant(t.db, "fabrikam-settings")).id;
});
afterAll(() => okta?.stop());

async function auditOf(reference: string) {
  return (await t.db.select().from(auditEvents).where(eq(auditEvents.reference, reference)))[0];
}

describe("Settings → Enterprise → Okta", () => {
  it("saves the org issuer once its discovery document names it, with the optional scope, audited", async () => {
    const saved = await saveOktaOrg(t.db, { tenantId: contoso, issuer: `${okta.issuer}/`, scope: "  mcp  mcp ", actor }, fetchOkta(), clock);
    expect(saved).toMatchObject({ ok: true, org: { tenantId: contoso, issuer: okta.issuer, scope: "mcp" } });
    expect(await oktaOrgOf(t.db, contoso)).toMatchObject({ issuer: okta.issuer, scope: "mcp" });
    expect(await oktaOrgByIssuer(t.db, okta.issuer)).toMatchObject({ tenantId: contoso, tenantKey: "contoso-settings" });
    expect(await auditOf(saved.reference)).toMatchObject({ kind: "okta.org_saved", outcome: "success", tenantId: contoso });
  });

  it("refuses a custom authorization server with the explanation Okta admins are given", async () => {
    const refused = await saveOktaOrg(t.db, { tenantId: fabrikam, issuer: okta.customIssuer, scope: "", actor }, fetchOkta(), clock);
    expect(refused).toMatchObject({ ok: false, code: "okta_custom_authorization_server" });
    expect(messageFor("okta_custom_authorization_server")).toContain("not a custom authorization server. Cross-App Access apps cannot use custom authorization servers.");
    expect(await auditOf(refused.reference)).toMatchObject({ kind: "okta.org_saved", outcome: "failure", detail: expect.objectContaining({ reason: "okta_custom_authorization_server" }) });
    expect(await oktaOrgOf(t.db, fabrikam)).toBeUndefined();
  });

  it("refuses an issuer whose discovery document names another issuer", async () => {
    // The emulator's certificate also names 127.0.0.1, whose discovery says https://localhost:<port>.
    const other = okta.issuer.replace("localhost", "127.0.0.1");
    expect(await saveOktaOrg(t.db, { tenantId: fabrikam, issuer: other, scope: "", actor }, fetchOkta(), clock)).toMatchObject({ ok: false, code: "okta_discovery_mismatch" });
  });

  it("refuses an issuer whose discovery cannot be fetched (an outage), writing nothing", async () => {
    const down = await startOktaEmulator({ seed: oktaTestSeed() });
    const issuer = down.issuer;
    await down.stop();
    expect(await saveOktaOrg(t.db, { tenantId: fabrikam, issuer, scope: "", actor }, emulatorFetch(down.caPem), clock)).toMatchObject({ ok: false, code: "okta_discovery_unreachable" });
    expect(await oktaOrgOf(t.db, fabrikam)).toBeUndefined();
  });

  it("refuses bad input without fetching anything: not https, a path, a query, too long, not a string, a bad scope", async () => {
    const noFetch = () => Promise.reject(new Error("must not fetch"));
    for (const issuer of ["http://acme.okta.com", "https://acme.okta.com/some/path", "https://acme.okta.com?x=1", `https://${"a".repeat(300)}.com`, 42, null, "not a url"])
      expect(await saveOktaOrg(t.db, { tenantId: fabrikam, issuer, scope: "", actor }, noFetch, clock)).toMatchObject({ ok: false, code: "okta_issuer_invalid" });
    expect(await saveOktaOrg(t.db, { tenantId: fabrikam, issuer: "https://acme.okta.com/oauth2/default", scope: "", actor }, noFetch, clock)).toMatchObject({ ok: false, code: "okta_custom_authorization_server" });
    expect(await saveOktaOrg(t.db, { tenantId: fabrikam, issuer: okta.issuer, scope: "mcp <script>", actor }, noFetch, clock)).toMatchObject({ ok: false, code: "okta_scope_invalid" });
  });

  it("binds one org issuer to one workspace", async () => {
    expect(await saveOktaOrg(t.db, { tenantId: fabrikam, issuer: okta.issuer, scope: "", actor }, fetchOkta(), clock)).toMatchObject({ ok: false, code: "okta_issuer_taken" });
    expect((await t.db.select().from(oktaOrgs).where(eq(oktaOrgs.issuer, okta.issuer))).map((r) => r.tenantId)).toEqual([contoso]);
  });

  it("removes the org, after which its issuer names no workspace", async () => {
    expect(await removeOktaOrg(t.db, { tenantId: contoso, actor }, clock)).toBe(true);
    expect(await oktaOrgByIssuer(t.db, okta.issuer)).toBeUndefined();
  });
});
