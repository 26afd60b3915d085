import { randomBytes } from "node:crypto";
import { and, eq, sql } from "drizzle-orm";
import { SignJWT, importJWK } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase, type DatabaseHandle } from "@/db/client";
import { entraServicePrincipals, machineSecrets, machines, mcpAccessConfigs, personalApiKeys, tenantMemberships, tenants, users } from "@/db/schema";
import { openTestDatabase, type TestDatabase } from "@/db/testing/test-database";
import { startEntraEmulator, type RunningEntraEmulator } from "@/e2e/entra-emulator";
import { API_V2, CONTOSO, contractSeed, PLATFORM_APP, REDIRECT_URI, SECRET, users as entraUsers } from "@/e2e/entra-emulator/test-fixture";
import { entraAccessToken } from "@/e2e/support/entra-access-token";
import { emulatorFetch } from "@/e2e/support/emulator-fetch";
import { apiKeyHasher } from "@/lib/api-keys/api-key-secret";
import { createApiKey } from "@/lib/api-keys/personal-api-keys";
import { parseSettings } from "@/lib/config/settings";
import { createMachine } from "@/lib/machines/machine-accounts";
import { clientSecretHasher } from "@/lib/oauth/client-secrets";
import { loadKeyRing, type KeyRing } from "@/lib/oauth/key-ring";
import { createSigningKey } from "@/lib/oauth/signing-keys";
import { TEST_ENCRYPTION_KEY } from "@/lib/oauth/testing/authorization-server-harness";
import { gatehouseAccessTokenVerifier } from "@/lib/oauth/verify-access-token";
import { createIssuerViews } from "@/lib/signin/issuer-view";
import { createPasswordUser, createTenant } from "@/lib/testing/fixtures";
import { frozenClock } from "@/lib/time/clock";
import { saveMcpAccessConfig } from "./access-config";
import { apiKeyCredentialVerifier } from "./api-key-credential-verifier";
import { createMcpGateway } from "./create-mcp-gateway";
import { listenForCredentialChanges } from "./credential-change-listener";
import { createWorkspaceChanges } from "./workspace-changes";
import { entraCredentialVerifier } from "./entra-credential-verifier";
import { gatehouseCredentialVerifier } from "./gatehouse-credential-verifier";
import { createPrincipalCache, type PrincipalCache } from "./principal-cache";
import { addProvisionedUser, removeProvisionedUser } from "./provisioned-users";
import { verifyCredential, type CredentialTarget, type CredentialVerifier } from "./verify-credential";

// Each change is made on another database handle, as another instance would make it (on PGlite, one process holds
// the database: the same handle, still announced through NOTIFY and heard by the listening).
const ISSUER = "https://id.example.com";
const clock = frozenClock(new Date());
const hasher = apiKeyHasher(Buffer.from(TEST_ENCRYPTION_KEY.key));
let t: TestDatabase;
let other: DatabaseHandle;
let entra: RunningEntraEmulator;
let ring: KeyRing;
let cache: PrincipalCache;
let verifiers: CredentialVerifier[];
const changes = createWorkspaceChanges(clock);
let made = 0;

const verify = (token: string, target: CredentialTarget = {}) => cache.verify(token, target, (tk, tg) => verifyCredential(verifiers, tk, tg));

/** The principal of `token` is forgotten within `ms` (a notification travels through the database first). */
async function dropped(token: string, ms = 3000): Promise<boolean> {
  const until = Date.now() + ms;
  while (cache.holds(token)) {
    if (Date.now() > until) return false;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  return true;
}

async function apiKeyOfNewWorkspace() {
  made += 1;
  const tenant = await createTenant(t.db, `cache-${made}-${randomBytes(3).toString("hex")}`);
  const owner = await createPasswordUser(t.db, { login: `owner${made}@example.com`, password: "a long password 123", tenantId: tenant.id });
  const created = await createApiKey(t.db, hasher, { userId: owner.id, tenantId: tenant.id, clientIp: null }, { name: "cli", expiresInDays: "30", scopes: ["mcp"] }, clock);
  if (!created.ok) throw new Error(created.code);
  return { tenant, owner, key: created.key, keyId: created.view.id };
}

/** Contoso's MCP access (one workspace per directory and API), made afresh, with Megan provisioned. */
async function contosoWorkspace() {
  await t.db.delete(tenants).where(eq(tenants.id, (await t.db.select({ id: mcpAccessConfigs.tenantId }).from(mcpAccessConfigs))[0]?.id ?? ""));
  made += 1;
  const tenant = await createTenant(t.db, `contoso-${made}`);
  await saveMcpAccessConfig(t.db, { tenantId: tenant.id, entraTenantId: CONTOSO, audience: API_V2, requiredScope: "mcp.access", acceptV1Tokens: false }, null, clock.now());
  await addProvisionedUser(t.db, { tenantId: tenant.id, workspaceKey: tenant.key, entraTenantId: CONTOSO }, { oid: entraUsers.verified.oid, email: "megan@contoso.example" }, null, clock.now());
  const token = await entraAccessToken({ emulator: entra, tenant: CONTOSO, oid: entraUsers.verified.oid, scope: `api://${API_V2}/mcp.access`, client: { id: PLATFORM_APP, secret: SECRET, redirectUri: REDIRECT_URI } });
  return { tenant, token };
}

async function gatehouseToken(claims: Record<string, unknown>) {
  const signing = ring.keys()[0]!;
  const now = Math.floor(clock.now().getTime() / 1000);
  return new SignJWT({ iss: ISSUER, aud: `${ISSUER}/mcp`, iat: now, exp: now + 900, scope: "mcp", jti: randomBytes(6).toString("hex"), ...claims })
    .setProtectedHeader({ alg: "ES256", typ: "at+jwt", kid: signing.kid })
    .sign((await importJWK(signing.privateJwk, "ES256")) as CryptoKey);
}

async function machineOfNewWorkspace() {
  const { tenant } = await apiKeyOfNewWorkspace();
  const result = await createMachine(t.db, clientSecretHasher(TEST_ENCRYPTION_KEY.key), { userId: "admin", tenantId: tenant.id, clientIp: null }, { name: "Indexer", scopes: ["mcp"] }, clock);
  if (!result.ok) throw new Error(result.code);
  const token = await gatehouseToken({ sub: result.secret.clientId, client_id: result.secret.clientId, principal: "machine", workspace: tenant.id });
  return { tenant, machineId: result.machine.id, token };
}

beforeAll(async () => {
  t = await openTestDatabase();
  other = t.url ? openDatabase({ databaseUrl: t.url, dataDir: "unused" }) : t.handle;
  entra = await startEntraEmulator({ seed: contractSeed(), port: 0 });
  await createSigningKey(t.db, TEST_ENCRYPTION_KEY, clock);
  ring = await loadKeyRing(t.db, [TEST_ENCRYPTION_KEY], clock);
  const fetch = emulatorFetch(entra.caPem);
  verifiers = [
    entraCredentialVerifier({ db: t.db, views: createIssuerViews({ fetch }), authorityHost: entra.url, clock }),
    gatehouseCredentialVerifier({ issuer: ISSUER, db: t.db, changes, verify: () => gatehouseAccessTokenVerifier({ keyRing: ring, issuer: ISSUER, clock }) }),
    apiKeyCredentialVerifier({ db: t.db, hasher, clock }),
  ];
  cache = createPrincipalCache(clock);
  await listenForCredentialChanges(t.handle, cache, changes);
});
afterAll(async () => {
  await entra?.stop();
  if (other !== t.handle) await other?.close();
  await t?.close();
});

describe("the gateway's principal cache, against changes made by another instance", () => {
  it("serves a verified principal again without verifying it, while listening", async () => {
    const { key, keyId } = await apiKeyOfNewWorkspace();
    expect(cache.isListening).toBe(true);
    expect(await verify(key)).toMatchObject({ ok: true, principal: { credential: "personal_api_key" } });
    expect(cache.holds(key)).toBe(true);
    // A revocation no trigger announces (replication role) is not seen: the principal really comes from the cache.
    await other.db.transaction(async (tx) => {
      await tx.execute(sql`set local session_replication_role = replica`);
      await tx.update(personalApiKeys).set({ revokedAt: clock.now() }).where(eq(personalApiKeys.id, keyId));
    });
    expect(await verify(key)).toMatchObject({ ok: true });
  });

  it("refuses an API key at once once it is revoked (personal_api_key)", async () => {
    const { key, keyId } = await apiKeyOfNewWorkspace();
    expect(await verify(key)).toMatchObject({ ok: true });
    await other.db.update(personalApiKeys).set({ revokedAt: clock.now() }).where(eq(personalApiKeys.id, keyId));
    expect(await dropped(key)).toBe(true);
    expect(await verify(key)).toMatchObject({ ok: false, reason: "api_key_revoked" });
  });

  it("refuses an API key at once once its workspace is disabled (tenant)", async () => {
    const { key, tenant } = await apiKeyOfNewWorkspace();
    expect(await verify(key)).toMatchObject({ ok: true });
    await other.db.update(tenants).set({ status: "disabled" }).where(eq(tenants.id, tenant.id));
    expect(await dropped(key)).toBe(true);
    expect(await verify(key)).toMatchObject({ ok: false, reason: "workspace_unavailable" });
  });

  it("forgets an API key's principal once its owner's address changes (user), and names the new address", async () => {
    const { key, owner } = await apiKeyOfNewWorkspace();
    expect(await verify(key)).toMatchObject({ ok: true });
    await other.db.update(users).set({ email: `renamed-${owner.id}@example.com` }).where(eq(users.id, owner.id));
    expect(await dropped(key)).toBe(true);
    expect(await verify(key)).toMatchObject({ ok: true, principal: { email: `renamed-${owner.id}@example.com` } });
  });

  it("refuses an Entra token at once once the person is removed from the workspace (tenant_membership)", async () => {
    const { tenant, token } = await contosoWorkspace();
    expect(await verify(token)).toMatchObject({ ok: true, principal: { workspace: { id: tenant.id } } });
    await other.db.delete(tenantMemberships).where(eq(tenantMemberships.tenantId, tenant.id));
    expect(await dropped(token)).toBe(true);
    expect(await verify(token)).toMatchObject({ ok: false, reason: "user_not_provisioned" });
  });

  it("refuses a person's Gatehouse access token at once once they are removed from the workspace (tenant_membership)", async () => {
    const { tenant, owner } = await apiKeyOfNewWorkspace();
    // Issued after the listening connected, so only a change heard since puts it in doubt.
    const token = await gatehouseToken({ sub: owner.id, client_id: "vscode", workspace: tenant.id, iat: Math.floor(clock.now().getTime() / 1000) + 10 });
    expect(await verify(token)).toMatchObject({ ok: true, principal: { kind: "user", subject: owner.id, credential: "gatehouse_access_token" } });
    clock.advance(30_000);
    await other.db.delete(tenantMemberships).where(eq(tenantMemberships.tenantId, tenant.id));
    expect(await dropped(token)).toBe(true);
    expect(await verify(token)).toMatchObject({ ok: false, status: 401, reason: "member_removed", message: "mcp_token_member_removed" });
  });

  it("refuses an Entra token at once once the person is un-provisioned (mcp_provisioned_user)", async () => {
    const { tenant, token } = await contosoWorkspace();
    expect(await verify(token)).toMatchObject({ ok: true });
    await removeProvisionedUser(other.db, tenant.id, entraUsers.verified.oid);
    expect(await dropped(token)).toBe(true);
    expect(await verify(token)).toMatchObject({ ok: false, reason: "user_not_provisioned" });
  });

  it("refuses an Entra token at once once the workspace's MCP access config asks another scope (mcp_access_config)", async () => {
    const { tenant, token } = await contosoWorkspace();
    expect(await verify(token)).toMatchObject({ ok: true });
    await saveMcpAccessConfig(other.db, { tenantId: tenant.id, entraTenantId: CONTOSO, audience: API_V2, requiredScope: "mcp.admin", acceptV1Tokens: false }, null, clock.now());
    expect(await dropped(token)).toBe(true);
    expect(await verify(token)).toMatchObject({ ok: false, status: 403, reason: "scope_missing" });
  });

  it("forgets the workspace's principals once one of its Entra applications is disabled (entra_service_principal)", async () => {
    const { tenant, token } = await contosoWorkspace();
    await t.db.insert(entraServicePrincipals).values({ tenantId: tenant.id, appId: "00000000-0000-0000-0000-0000000000aa", name: "App", scopes: "mcp.access", createdAt: clock.now() });
    expect(await verify(token)).toMatchObject({ ok: true });
    await other.db.update(entraServicePrincipals).set({ enabled: false }).where(eq(entraServicePrincipals.tenantId, tenant.id));
    expect(await dropped(token)).toBe(true);
  });

  it("refuses a machine's token at once once the machine is deleted (machine)", async () => {
    const { machineId, token } = await machineOfNewWorkspace();
    expect(await verify(token)).toMatchObject({ ok: true, principal: { kind: "machine" } });
    await other.db.delete(machines).where(eq(machines.id, machineId));
    expect(await dropped(token)).toBe(true);
    expect(await verify(token)).toMatchObject({ ok: false, reason: "machine_deleted" });
  });

  it("forgets a machine's principal once one of its secrets is retired (machine_secret)", async () => {
    const { machineId, token } = await machineOfNewWorkspace();
    expect(await verify(token)).toMatchObject({ ok: true });
    await other.db.delete(machineSecrets).where(eq(machineSecrets.machineId, machineId));
    expect(await dropped(token)).toBe(true);
  });

  it("does not keep refusals", async () => {
    const { key, keyId } = await apiKeyOfNewWorkspace();
    await t.db.update(personalApiKeys).set({ revokedAt: clock.now() }).where(eq(personalApiKeys.id, keyId));
    expect(await verify(key)).toMatchObject({ ok: false, reason: "api_key_revoked" });
    expect(cache.holds(key)).toBe(false);
  });

  it("does not serve a credential past its own expiry", async () => {
    const { tenant } = await apiKeyOfNewWorkspace();
    const machine = await createMachine(t.db, clientSecretHasher(TEST_ENCRYPTION_KEY.key), { userId: "admin", tenantId: tenant.id, clientIp: null }, { name: "Brief", scopes: ["mcp"] }, clock);
    if (!machine.ok) throw new Error(machine.code);
    const exp = Math.floor(clock.now().getTime() / 1000) + 30;
    const token = await gatehouseToken({ sub: machine.secret.clientId, client_id: machine.secret.clientId, principal: "machine", workspace: tenant.id, exp });
    expect(await verify(token)).toMatchObject({ ok: true });
    expect(cache.holds(token)).toBe(true);
    // Deleted unannounced: only a verification (the token is still within the verifier's clock skew) can see it.
    await other.db.transaction(async (tx) => {
      await tx.execute(sql`set local session_replication_role = replica`);
      await tx.delete(machines).where(eq(machines.id, machine.machine.id));
    });
    clock.advance(31_000);
    expect(await verify(token)).toMatchObject({ ok: false, reason: "machine_deleted" });
  });

  it("records an API key's use when it is served from the cache, at most once a minute", async () => {
    const { key, keyId, tenant } = await apiKeyOfNewWorkspace();
    const lastUsed = async () => (await t.db.select({ at: personalApiKeys.lastUsedAt }).from(personalApiKeys).where(eq(personalApiKeys.id, keyId)))[0]!.at;
    const first = clock.now();
    await verify(key);
    cache.dropWorkspace(tenant.id);
    clock.advance(50_000);
    await verify(key);
    expect(await lastUsed()).toEqual(first);
    clock.advance(20_000);
    expect(cache.holds(key)).toBe(true);
    await verify(key);
    expect(await lastUsed()).toEqual(clock.now());
  });
});

describe.runIf(process.env.DATABASE_URL)("the principal cache's listening on Postgres", () => {
  it("forgets everything when its connection is lost, and serves again once it listens anew", async () => {
    const { key, keyId } = await apiKeyOfNewWorkspace();
    expect(await verify(key)).toMatchObject({ ok: true });
    // Missed: a revocation no notification announces, as one made while the listening was disconnected would be.
    await other.db.transaction(async (tx) => {
      await tx.execute(sql`set local session_replication_role = replica`);
      await tx.update(personalApiKeys).set({ revokedAt: clock.now() }).where(eq(personalApiKeys.id, keyId));
    });
    await other.db.execute(sql`select pg_terminate_backend(pid) from pg_stat_activity where application_name = 'gatehouse-listener' and datname = current_database()`);
    expect(await dropped(key)).toBe(true);
    const until = Date.now() + 5000;
    while (!cache.isListening && Date.now() < until) await new Promise((resolve) => setTimeout(resolve, 10));
    expect(cache.isListening).toBe(true);
    expect(await verify(key)).toMatchObject({ ok: false, reason: "api_key_revoked" });
  });
});

describe("the gateway built with the database's announcements", () => {
  it("keeps principals once listening, and refuses a revoked key at once", async () => {
    const settings = parseSettings({
      NODE_ENV: "test",
      API_PUBLIC_URL: ISSUER,
      MS_AUTHORITY_HOST: entra.url,
      AUTH_SECRET: "cache-test-auth-secret-0123456789abcdef",
      MGMT_AUTH_SECRET: "cache-test-console-secret-0123456789ab",
      SECRET_ENCRYPTION_KEY: Buffer.from(TEST_ENCRYPTION_KEY.key).toString("base64"),
    });
    const fetch = emulatorFetch(entra.caPem);
    const gateway = createMcpGateway(settings, t.db, createIssuerViews({ fetch }), fetch, clock, t.handle);
    await gateway.listening;
    const { key, keyId } = await apiKeyOfNewWorkspace();
    expect(await gateway.verify(key, {})).toMatchObject({ ok: true });
    expect(gateway.principals.holds(key)).toBe(true);
    // The target check still applies to a principal served from the cache.
    expect(await gateway.verify(key, { workspaceKey: "another-workspace" })).toMatchObject({ ok: false, reason: "other_workspace" });
    await other.db.update(personalApiKeys).set({ revokedAt: clock.now() }).where(and(eq(personalApiKeys.id, keyId)));
    const until = Date.now() + 3000;
    while (gateway.principals.holds(key) && Date.now() < until) await new Promise((resolve) => setTimeout(resolve, 5));
    expect(await gateway.verify(key, {})).toMatchObject({ ok: false, reason: "api_key_revoked" });
  });
});
