import { SignJWT, importJWK } from "jose";
import { beforeAll, describe, expect, it } from "vitest";
import { withTestDatabase } from "@/db/testing/test-database";
import { loadKeyRing, type KeyRing } from "@/lib/oauth/key-ring";
import { createSigningKey } from "@/lib/oauth/signing-keys";
import { TEST_ENCRYPTION_KEY } from "@/lib/oauth/testing/authorization-server-harness";
import { gatehouseAccessTokenVerifier } from "@/lib/oauth/verify-access-token";
import { createMachine, deleteMachine, setMachineStatus } from "@/lib/machines/machine-accounts";
import { clientSecretHasher } from "@/lib/oauth/client-secrets";
import { createPasswordUser, createTenant } from "@/lib/testing/fixtures";
import { frozenClock } from "@/lib/time/clock";
import { and, eq } from "drizzle-orm";
import { tenantMemberships, tenants } from "@/db/schema";
import { gatehouseCredentialVerifier } from "./gatehouse-credential-verifier";
import { verifyCredential } from "./verify-credential";
import { createWorkspaceChanges } from "./workspace-changes";

const t = withTestDatabase();
const ISSUER = "https://id.example.com";
const clock = frozenClock("2026-06-01T12:00:00Z");
const now = () => Math.floor(clock.now().getTime() / 1000);
let ring: KeyRing;
let tenantId: string;

beforeAll(async () => {
  await createSigningKey(t.db, TEST_ENCRYPTION_KEY, clock);
  ring = await loadKeyRing(t.db, [TEST_ENCRYPTION_KEY], clock);
  tenantId = (await createTenant(t.db, "contoso-mcp", "Contoso")).id;
});

async function token(claims: Record<string, unknown> = {}) {
  const signing = ring.keys()[0]!;
  const key = (await importJWK(signing.privateJwk, "ES256")) as CryptoKey;
  return new SignJWT({ iss: ISSUER, aud: `${ISSUER}/mcp`, sub: "user-1", iat: now(), exp: now() + 900, client_id: "vscode", scope: "mcp", workspace: tenantId, jti: "j1", ...claims })
    .setProtectedHeader({ alg: "ES256", typ: "at+jwt", kid: signing.kid })
    .sign(key);
}

const verifiers = () => [gatehouseCredentialVerifier({ issuer: ISSUER, db: t.db, verify: () => gatehouseAccessTokenVerifier({ keyRing: ring, issuer: ISSUER, clock }) })];

describe("the gateway's verifier for Gatehouse's own access tokens", () => {
  it("gives the person, their e-mail and the workspace the token carries, on the shared /mcp and on the workspace's own URL", async () => {
    const shared = await verifyCredential(verifiers(), await token({ email: "ada@contoso.example" }), {});
    expect(shared).toMatchObject({
      ok: true,
      principal: { kind: "user", subject: "user-1", email: "ada@contoso.example", workspace: { id: tenantId, key: "contoso-mcp" }, scopes: ["mcp"], credential: "gatehouse_access_token" },
    });
    expect(await verifyCredential(verifiers(), await token(), { workspaceKey: "contoso-mcp" })).toMatchObject({ ok: true });
  });

  it("refuses a token of one workspace at another workspace's URL", async () => {
    expect(await verifyCredential(verifiers(), await token(), { workspaceKey: "fabrikam" })).toMatchObject({ ok: false, status: 401, reason: "other_workspace" });
  });

  it("refuses a token for another resource, an expired one, and one without a workspace", async () => {
    expect(await verifyCredential(verifiers(), await token({ aud: `${ISSUER}/other` }), {})).toMatchObject({ ok: false, reason: "token_wrong_audience" });
    expect(await verifyCredential(verifiers(), await token({ exp: now() - 3600, iat: now() - 7200 }), {})).toMatchObject({ ok: false, reason: "token_expired" });
    expect(await verifyCredential(verifiers(), await token({ workspace: null }), {})).toMatchObject({ ok: false, reason: expect.stringMatching(/no_workspace|token_claims_missing/) });
  });
});

describe("the gateway's verifier for a machine account's access tokens", () => {
  const hasher = clientSecretHasher(TEST_ENCRYPTION_KEY.key);
  let made = 0;
  async function machine() {
    made += 1;
    const admin = { userId: `admin-${made}`, tenantId, clientIp: null };
    const result = await createMachine(t.db, hasher, admin, { name: `Indexer ${made}`, scopes: ["mcp"] }, clock);
    if (!result.ok) throw new Error(result.code);
    return { admin, id: result.machine.id, clientId: result.secret.clientId };
  }
  const machineToken = (clientId: string, claims: Record<string, unknown> = {}) => token({ sub: clientId, client_id: clientId, principal: "machine", ...claims });

  it("gives a principal of kind machine, named by its client id, in the token's workspace", async () => {
    const m = await machine();
    expect(await verifyCredential(verifiers(), await machineToken(m.clientId), { workspaceKey: "contoso-mcp" })).toMatchObject({
      ok: true,
      principal: { kind: "machine", subject: m.clientId, email: null, workspace: { id: tenantId, key: "contoso-mcp" }, scopes: ["mcp"] },
    });
  });

  it("refuses an already-issued token of a deleted machine at its next request", async () => {
    const m = await machine();
    const issued = await machineToken(m.clientId);
    expect(await verifyCredential(verifiers(), issued, {})).toMatchObject({ ok: true });
    await deleteMachine(t.db, m.admin, m.id, clock);
    expect(await verifyCredential(verifiers(), issued, {})).toMatchObject({ ok: false, status: 401, reason: "machine_deleted", message: "mcp_machine_revoked" });
  });

  it("refuses a disabled machine's tokens, and after it is enabled again still refuses those issued before", async () => {
    const m = await machine();
    const before = await machineToken(m.clientId);
    await setMachineStatus(t.db, m.admin, { machineId: m.id, status: "disabled" }, clock);
    expect(await verifyCredential(verifiers(), before, {})).toMatchObject({ ok: false, reason: "machine_disabled" });
    await setMachineStatus(t.db, m.admin, { machineId: m.id, status: "active" }, clock);
    expect(await verifyCredential(verifiers(), before, {})).toMatchObject({ ok: false, reason: "machine_credentials_revoked" });
    expect(await verifyCredential(verifiers(), await machineToken(m.clientId, { iat: now() + 1 }), {})).toMatchObject({ ok: true });
  });

  it("refuses a machine token that names another workspace than the machine's", async () => {
    const m = await machine();
    const other = (await createTenant(t.db, "northwind-mcp", "Northwind")).id;
    expect(await verifyCredential(verifiers(), await machineToken(m.clientId, { workspace: other }), {})).toMatchObject({ ok: false, reason: "machine_other_workspace" });
  });
});

describe("the gateway's verifier for a person's token after their workspace changed", () => {
  let made = 0;
  /** A workspace with a member, a verifier that hears its changes, and a token the member was issued now. */
  async function member() {
    made += 1;
    const workspace = (await createTenant(t.db, `changing-${made}`, "Changing")).id;
    const userId = (await createPasswordUser(t.db, { login: `dana-${made}@changing.example`, password: "a member passphrase 1", tenantId: workspace, role: "member" })).id;
    const changes = createWorkspaceChanges(clock);
    const gateway = [gatehouseCredentialVerifier({ issuer: ISSUER, db: t.db, changes, verify: () => gatehouseAccessTokenVerifier({ keyRing: ring, issuer: ISSUER, clock }) })];
    const issued = await token({ sub: userId, workspace });
    return { workspace, userId, changes, issued, verify: () => verifyCredential(gateway, issued, {}) };
  }

  it("refuses the token of a person removed from the workspace at the next request once the change is heard", async () => {
    const m = await member();
    expect(await m.verify()).toMatchObject({ ok: true, principal: { subject: m.userId } });
    await t.db.delete(tenantMemberships).where(and(eq(tenantMemberships.userId, m.userId), eq(tenantMemberships.tenantId, m.workspace)));
    m.changes.heard(m.workspace);
    expect(await m.verify()).toMatchObject({ ok: false, status: 401, reason: "member_removed", message: "mcp_token_member_removed" });
  });

  it("refuses every earlier token of a workspace that was disabled", async () => {
    const m = await member();
    expect(await m.verify()).toMatchObject({ ok: true });
    await t.db.update(tenants).set({ status: "disabled" }).where(eq(tenants.id, m.workspace));
    m.changes.heard(m.workspace);
    expect(await m.verify()).toMatchObject({ ok: false, status: 401, reason: "workspace_unavailable", message: "mcp_workspace_not_found" });
  });

  it("still accepts the token of a member whom the change did not concern", async () => {
    const m = await member();
    m.changes.heard(m.workspace);
    expect(await m.verify()).toMatchObject({ ok: true, principal: { subject: m.userId, workspace: { id: m.workspace, key: expect.stringMatching(/^changing-/) } } });
  });

  it("checks again every earlier token after the listening reconnects, when changes may have been missed", async () => {
    const m = await member();
    expect(await m.verify()).toMatchObject({ ok: true });
    await t.db.delete(tenantMemberships).where(eq(tenantMemberships.userId, m.userId));
    m.changes.heardAll();
    expect(await m.verify()).toMatchObject({ ok: false, reason: "member_removed" });
  });
});
