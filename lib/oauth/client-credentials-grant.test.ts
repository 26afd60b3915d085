import { and, eq } from "drizzle-orm";
import { decodeJwt, decodeProtectedHeader } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditEvents, machines } from "@/db/schema";
import { withTestDatabase } from "@/db/testing/test-database";
import { createMachine, deleteMachine, setMachineStatus, type MachineAdmin } from "@/lib/machines/machine-accounts";
import { createTenant } from "@/lib/testing/fixtures";
import { frozenClock } from "@/lib/time/clock";
import { clientSecretHasher } from "./client-secrets";
import { mcpResourceOf } from "./paths";
import { registerNativeClient, startAuthorizationServer, TEST_ENCRYPTION_KEY, type RunningAuthorizationServer } from "./testing/authorization-server-harness";

const t = withTestDatabase();
const clock = frozenClock(new Date());
const hasher = clientSecretHasher(TEST_ENCRYPTION_KEY.key);
let as: RunningAuthorizationServer;
let n = 0;

beforeAll(async () => {
  as = await startAuthorizationServer(t.db, clock);
});
afterAll(async () => as?.close());

async function machine(scopes = ["mcp"]) {
  n += 1;
  const tenant = await createTenant(t.db, `cc-${n}`, `Client credentials ${n}`);
  const admin: MachineAdmin = { userId: `admin-${n}`, tenantId: tenant.id, clientIp: null };
  const made = await createMachine(t.db, hasher, admin, { name: `Job ${n}`, scopes }, clock);
  if (!made.ok) throw new Error(made.code);
  return { admin, tenantId: tenant.id, id: made.machine.id, ...made.secret };
}

async function grant(credentials: { clientId: string; clientSecret: string }, options: { via?: "basic" | "post"; fields?: Record<string, string> } = {}) {
  const fields: Record<string, string> = { grant_type: "client_credentials", ...options.fields };
  const headers: Record<string, string> = { "content-type": "application/x-www-form-urlencoded" };
  if (options.via === "post") Object.assign(fields, { client_id: credentials.clientId, client_secret: credentials.clientSecret });
  else headers.authorization = `Basic ${Buffer.from(`${encodeURIComponent(credentials.clientId)}:${encodeURIComponent(credentials.clientSecret)}`).toString("base64")}`;
  const response = await fetch(`${as.origin}/oauth2/token`, { method: "POST", headers, body: new URLSearchParams(fields) });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

describe("client credentials at Gatehouse's token endpoint", () => {
  it("gives a machine an ES256 RFC 9068 access token for /mcp with its workspace, its scopes, the machine claim and no refresh token", async () => {
    const m = await machine();
    const answer = await grant(m);
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ token_type: "Bearer", expires_in: 900, scope: "mcp" });
    expect(answer.body.refresh_token).toBeUndefined();
    const token = answer.body.access_token as string;
    expect(decodeProtectedHeader(token)).toMatchObject({ alg: "ES256", typ: "at+jwt" });
    expect(decodeJwt(token)).toMatchObject({ iss: as.origin, aud: mcpResourceOf(as.origin), sub: m.clientId, client_id: m.clientId, workspace: m.tenantId, principal: "machine", scope: "mcp" });
    expect(await as.server.verifyAccessToken(token, { resource: mcpResourceOf(as.origin) })).toMatchObject({ ok: true, principal: { workspace: m.tenantId, kind: "machine" } });
  });

  it("accepts the secret in the form body (client_secret_post) and the resource named explicitly", async () => {
    const m = await machine();
    expect(await grant(m, { via: "post", fields: { resource: mcpResourceOf(as.origin), scope: "mcp" } })).toMatchObject({ status: 200, body: { scope: "mcp" } });
  });

  it("notes the machine's last use at issuance and audits the token issued", async () => {
    const m = await machine();
    expect((await t.db.select().from(machines).where(eq(machines.id, m.id)))[0]!.lastUsedAt).toBeNull();
    expect((await grant(m)).status).toBe(200);
    expect((await t.db.select().from(machines).where(eq(machines.id, m.id)))[0]!.lastUsedAt).toEqual(clock.now());
    expect(await t.db.select().from(auditEvents).where(and(eq(auditEvents.kind, "machine.token_issued"), eq(auditEvents.tenantId, m.tenantId)))).toHaveLength(1);
  });

  it("writes the last use at most once a minute", async () => {
    const m = await machine();
    const lastUsed = async () => (await t.db.select().from(machines).where(eq(machines.id, m.id)))[0]!.lastUsedAt;
    const first = clock.now();
    expect((await grant(m)).status).toBe(200);
    clock.advance(30_000);
    expect((await grant(m)).status).toBe(200);
    expect(await lastUsed()).toEqual(first);
    clock.advance(31_000);
    expect((await grant(m)).status).toBe(200);
    expect(await lastUsed()).toEqual(clock.now());
  });

  it("refuses a wrong secret with invalid_client, audited", async () => {
    const m = await machine();
    expect(await grant({ clientId: m.clientId, clientSecret: `${m.clientSecret}x` })).toMatchObject({ status: 401, body: { error: "invalid_client" } });
    await expect.poll(async () => (await t.db.select().from(auditEvents).where(eq(auditEvents.kind, "oauth.grant"))).some((e) => e.detail.clientId === m.clientId)).toBe(true);
  });

  it("refuses a disabled machine's and a deleted machine's secret with invalid_client at their next use", async () => {
    const disabled = await machine();
    expect((await grant(disabled)).status).toBe(200);
    await setMachineStatus(t.db, disabled.admin, { machineId: disabled.id, status: "disabled" }, clock);
    expect(await grant(disabled)).toMatchObject({ status: 401, body: { error: "invalid_client" } });
    const deleted = await machine();
    await deleteMachine(t.db, deleted.admin, deleted.id, clock);
    expect(await grant(deleted, { via: "post" })).toMatchObject({ status: 401, body: { error: "invalid_client" } });
  });

  it("refuses a scope the machine was not given and a resource other than /mcp", async () => {
    const m = await machine();
    expect(await grant(m, { fields: { scope: "mcp admin" } })).toMatchObject({ status: 400, body: { error: "invalid_scope" } });
    expect(await grant(m, { fields: { resource: `${as.origin}/elsewhere` } })).toMatchObject({ status: 400, body: { error: "invalid_target" } });
  });

  it("refuses the grant to a client that is not a machine account", async () => {
    const registered = await fetch(`${as.origin}/oauth2/register`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ client_name: "Sneaky", redirect_uris: ["http://127.0.0.1:5000/cb"], token_endpoint_auth_method: "none", grant_types: ["client_credentials", "authorization_code"], response_types: ["code"] }),
    });
    const body = (await registered.json()) as { client_id?: string };
    if (registered.status === 201) {
      const answer = await fetch(`${as.origin}/oauth2/token`, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body: new URLSearchParams({ grant_type: "client_credentials", client_id: body.client_id! }) });
      expect(answer.status).toBeGreaterThanOrEqual(400);
      expect(((await answer.json()) as { error: string }).error).toMatch(/unauthorized_client|invalid_client/);
    } else expect(registered.status).toBe(400);
    const native = await registerNativeClient(as.origin);
    const answer = await fetch(`${as.origin}/oauth2/token`, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body: new URLSearchParams({ grant_type: "client_credentials", client_id: native.clientId }) });
    expect([400, 401]).toContain(answer.status);
    expect(((await answer.json()) as { error: string }).error).toMatch(/unauthorized_client|invalid_client|invalid_request/);
  });
});
