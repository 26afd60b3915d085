import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditEvents, oauthConsents, oauthModels } from "@/db/schema";
import { withTestDatabase } from "@/db/testing/test-database";
import { apiKeyHasher } from "@/lib/api-keys/api-key-secret";
import { createApiKey, verifyApiKey } from "@/lib/api-keys/personal-api-keys";
import { createMachine } from "@/lib/machines/machine-accounts";
import { setTenantStatus } from "@/lib/manage/tenant-status";
import { gatehouseCredentialVerifier } from "@/lib/mcp/gatehouse-credential-verifier";
import { verifyCredential } from "@/lib/mcp/verify-credential";
import { clientSecretHasher } from "@/lib/oauth/client-secrets";
import { startAuthorizationServer, TEST_ENCRYPTION_KEY, tokenRequest, type RunningAuthorizationServer } from "@/lib/oauth/testing/authorization-server-harness";
import { endAllSessionsOfUser } from "@/lib/manage/user-detail";
import { createPasswordUser, createTenant } from "@/lib/testing/fixtures";
import { frozenClock } from "@/lib/time/clock";

const t = withTestDatabase();
const clock = frozenClock("2026-11-28T12:00:00Z");
const hasher = apiKeyHasher(Buffer.alloc(32, 5));
// oidc-provider stamps `iat` with the real time, so the machine test's clock starts at the real time.
const machineClock = frozenClock(new Date());
let as: RunningAuthorizationServer;
beforeAll(async () => {
  as = await startAuthorizationServer(t.db, machineClock);
});
afterAll(async () => as?.close());
const staff = { id: "staff-1", email: "olivia@ops.example", name: "Olivia", role: "admin" as const };
let n = 0;

async function personWithCredentials() {
  n += 1;
  const tenant = await createTenant(t.db, `offboard-${n}`, `Offboard ${n}`);
  const user = await createPasswordUser(t.db, { login: `o${n}@offboard.example`, password: "irrelevant", tenantId: tenant.id });
  const key = await createApiKey(t.db, hasher, { userId: user.id, tenantId: tenant.id, clientIp: "10.0.0.1" }, { name: "CLI", expiresInDays: "30", scopes: ["mcp"] }, clock);
  if (!key.ok) throw new Error(key.code);
  const grantId = `grant-${n}`;
  await t.db.insert(oauthConsents).values({ userId: user.id, clientId: "vscode", tenantId: tenant.id, grantId, scopes: "mcp", resource: "https://id.example/mcp", createdAt: clock.now(), updatedAt: clock.now() });
  await t.db.insert(oauthModels).values({ model: "RefreshToken", id: `${grantId}-refresh`, grantId, payload: {} });
  return { tenantId: tenant.id, userId: user.id, key: key.key, grantId };
}

const refreshTokensOf = (grantId: string) => t.db.select().from(oauthModels).where(eq(oauthModels.grantId, grantId));

describe("one offboarding", () => {
  it("'End all sessions' in the console also revokes the person's API keys and OAuth grants: each stops at its next use", async () => {
    const p = await personWithCredentials();
    expect(await verifyApiKey(t.db, hasher, p.key, clock)).toMatchObject({ ok: true });
    expect(await endAllSessionsOfUser(t.db, { userId: p.userId, staff, clientIp: "10.0.0.2" }, clock)).toMatchObject({ ok: true });
    expect(await verifyApiKey(t.db, hasher, p.key, clock)).toMatchObject({ ok: false, reason: expect.stringMatching(/revoked/) });
    expect(await refreshTokensOf(p.grantId)).toHaveLength(0);
  });

  it("disabling a workspace revokes its API keys and OAuth grants, and enabling it again restores none", async () => {
    const p = await personWithCredentials();
    await setTenantStatus(t.db, { tenantId: p.tenantId, status: "disabled", staff, clientIp: "10.0.0.2" }, clock);
    await setTenantStatus(t.db, { tenantId: p.tenantId, status: "active", staff, clientIp: "10.0.0.2" }, clock);
    expect(await verifyApiKey(t.db, hasher, p.key, clock)).toMatchObject({ ok: false, reason: expect.stringMatching(/revoked/) });
    expect(await refreshTokensOf(p.grantId)).toHaveLength(0);
  });
});

describe("one offboarding, for machines", () => {
  it("disabling a workspace revokes its machines' secrets and tokens: the secret is refused at the token endpoint and the token at the gateway, audited once", async () => {
    const tenant = await createTenant(t.db, "offboard-machines", "Offboard machines");
    const made = await createMachine(t.db, clientSecretHasher(TEST_ENCRYPTION_KEY.key), { userId: "admin-m", tenantId: tenant.id, clientIp: null }, { name: "Sync job", scopes: ["mcp"] }, machineClock);
    if (!made.ok) throw new Error(made.code);
    const credentials = { grant_type: "client_credentials", client_id: made.secret.clientId, client_secret: made.secret.clientSecret };
    const issued = await tokenRequest(as.origin, credentials);
    expect(issued.status).toBe(200);
    const gateway = [gatehouseCredentialVerifier({ issuer: as.origin, db: t.db, verify: () => as.server.verifyAccessToken })];
    expect(await verifyCredential(gateway, issued.body.access_token as string, {})).toMatchObject({ ok: true, principal: { kind: "machine" } });

    machineClock.set(new Date());
    await setTenantStatus(t.db, { tenantId: tenant.id, status: "disabled", staff, clientIp: "10.0.0.2" }, machineClock);
    await setTenantStatus(t.db, { tenantId: tenant.id, status: "active", staff, clientIp: "10.0.0.2" }, machineClock);
    expect(await tokenRequest(as.origin, credentials)).toMatchObject({ status: 401, body: { error: "invalid_client" } });
    expect(await verifyCredential(gateway, issued.body.access_token as string, {})).toMatchObject({ ok: false, status: 401, reason: "machine_credentials_revoked" });
    const audited = await t.db.select().from(auditEvents).where(eq(auditEvents.kind, "tenant.disabled"));
    expect(audited.filter((e) => e.tenantId === tenant.id)).toMatchObject([{ detail: { revokedMachineSecrets: 1 } }]);
  });
});
