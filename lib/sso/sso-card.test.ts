import { describe, expect, it } from "vitest";
import { tenantDomains, tenantSsoConfigs } from "@/db/schema";
import { withTestDatabase } from "@/db/testing/test-database";
import { encryptSecret, secretKey } from "@/lib/crypto/secret-box";
import { createTenant } from "@/lib/testing/fixtures";
import { frozenClock } from "@/lib/time/clock";
import { loadSsoCard } from "./tenant-sso-config";

const t = withTestDatabase();
const clock = frozenClock("2026-11-28T12:00:00Z");
const key = secretKey(Buffer.alloc(32, 3));

async function enabledWorkspace(name: string, expiresAt: Date | null) {
  const tenant = await createTenant(t.db, name);
  await t.db.insert(tenantSsoConfigs).values({
    tenantId: tenant.id,
    kind: "entra",
    entraTenantId: "5470fe65-0ade-4fcf-8f19-27bc9bd87a10",
    clientId: "6a16fd7a-863b-4a6d-9bba-ec3ee52cca0d",
    clientSecretEncrypted: encryptSecret("s3cret", tenant.id, key),
    clientSecretExpiresAt: expiresAt,
    enabled: true,
  });
  return tenant;
}

describe("the SSO card's status and domains", () => {
  it("says no verified domain routes here while the workspace's only domain is unverified, and lists it as such", async () => {
    const tenant = await enabledWorkspace("card-pending", null);
    await t.db.insert(tenantDomains).values({ domain: "pending.example", tenantId: tenant.id });
    const card = await loadSsoCard(t.db, tenant.id, clock);
    expect(card.status).toBe("Configured · Not shown on /login: no verified domain routes people here yet");
    expect(card.domains).toEqual([{ domain: "pending.example", verified: false }]);
  });

  it("says the secret has expired when the expiry the admin gave has passed", async () => {
    const tenant = await enabledWorkspace("card-expired", new Date("2026-11-01T00:00:00Z"));
    await t.db.insert(tenantDomains).values({ domain: "expired.example", tenantId: tenant.id, verifiedAt: clock.now() });
    expect((await loadSsoCard(t.db, tenant.id, clock)).status).toBe("Configured · Sign-in fails: the client secret has expired");
  });

  it("says the button is visible once a verified domain routes here and the secret is current", async () => {
    const tenant = await enabledWorkspace("card-live", new Date("2027-01-01T00:00:00Z"));
    await t.db.insert(tenantDomains).values([
      { domain: "live.example", tenantId: tenant.id, verifiedAt: clock.now() },
      { domain: "later.example", tenantId: tenant.id },
    ]);
    const card = await loadSsoCard(t.db, tenant.id, clock);
    expect(card.status).toBe("Configured · Sign-in button visible on /login");
    expect(card.domains).toEqual([
      { domain: "later.example", verified: false },
      { domain: "live.example", verified: true },
    ]);
  });
});
