import type { Server } from "node:http";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { and, eq } from "drizzle-orm";
import { decodeJwt } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditEvents } from "@/db/schema";
import { withTestDatabase } from "@/db/testing/test-database";
import { startEntraEmulator, type RunningEntraEmulator } from "@/e2e/entra-emulator";
import { API_V2, CONTOSO, contractSeed, SECRET } from "@/e2e/entra-emulator/test-fixture";
import { startDemoMcpServer, type DemoMcpServer } from "@/e2e/mcp-demo-server/server";
import { emulatorFetch } from "@/e2e/support/emulator-fetch";
import { freePort } from "@/e2e/support/spawn-server";
import { parseSettings } from "@/lib/config/settings";
import { messageFor } from "@/lib/errors/user-messages";
import { createRouteContext } from "@/lib/server/routes/route-context";
import { createIssuerViews } from "@/lib/signin/issuer-view";
import { createPasswordUser, createTenant } from "@/lib/testing/fixtures";
import { frozenClock, systemClock } from "@/lib/time/clock";
import { saveMcpAccessConfig } from "./access-config";
import { createMcpGateway } from "./create-mcp-gateway";
import { addServicePrincipal, setServicePrincipalEnabled, type ServicePrincipalsContext } from "./entra-service-principals";
import { listenWithoutNextJs } from "@/lib/server/routes/testing/gatehouse-listener";

/**
 * Entra app-only tokens at the MCP gateway (issue 14 §2, seed 003's machine-to-machine flow): the emulator issues
 * the token by client credentials with `scope=api://<MCP API>/.default`, and the real MCP SDK client calls the
 * workspace's MCP URL with it through Gatehouse's own server, to the demo MCP server.
 */
const t = withTestDatabase();
const SERVICE = "c0ffee00-1234-4abc-8def-0123456789ab";
const UNREGISTERED = "deadbeef-1234-4abc-8def-0123456789ab";
const NO_ROLE = "facade00-1234-4abc-8def-0123456789ab";
let entra: RunningEntraEmulator;
let demo: DemoMcpServer;
let server: Server;
let gatehouse = "";
let admin: ServicePrincipalsContext;

async function appOnlyToken(clientId: string): Promise<string> {
  const answer = await emulatorFetch(entra.caPem)(`${entra.url}/${CONTOSO}/oauth2/v2.0/token`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ grant_type: "client_credentials", client_id: clientId, client_secret: SECRET, scope: `api://${API_V2}/.default` }).toString(),
  });
  if (answer.status !== 200) throw new Error(`client credentials failed: ${await answer.text()}`);
  return ((await answer.json()) as { access_token: string }).access_token;
}

const post = (bearer: string) =>
  fetch(`${gatehouse}/t/contoso/mcp`, { method: "POST", headers: { authorization: `Bearer ${bearer}`, "content-type": "application/json", accept: "application/json, text/event-stream" }, body: "{}" });

beforeAll(async () => {
  const seed = contractSeed();
  const contoso = seed.tenants.find((tenant) => tenant.id === CONTOSO)!;
  const app = (clientId: string, appPermissions: string[]) => ({ clientId, displayName: `app ${clientId.slice(0, 4)}`, secrets: [{ value: SECRET }], redirectUris: [], appPermissions });
  contoso.apps.push(app(SERVICE, ["mcp.access", "mcp.files"]), app(UNREGISTERED, ["mcp.access"]), app(NO_ROLE, ["mcp.files"]));
  entra = await startEntraEmulator({ seed, port: 0 });
  demo = await startDemoMcpServer({ gatehouseUrl: () => gatehouse });
  const port = await freePort();
  gatehouse = `http://localhost:${port}`;
  const settings = parseSettings({
    NODE_ENV: "test",
    API_PUBLIC_URL: gatehouse,
    MS_AUTHORITY_HOST: entra.url,
    AUTH_SECRET: "app-token-test-auth-secret-0123456789abcd",
    MGMT_AUTH_SECRET: "app-token-test-console-secret-0123456789",
    SECRET_ENCRYPTION_KEY: Buffer.alloc(32, 6).toString("base64"),
    MCP_UPSTREAM_URL: demo.url,
  });
  const fetch = emulatorFetch(entra.caPem);
  const context = { ...createRouteContext(settings, t.db), mcp: createMcpGateway(settings, t.db, createIssuerViews({ fetch }), fetch, systemClock) };
  server = await listenWithoutNextJs(settings, context, port);
  const tenant = await createTenant(t.db, "contoso");
  const owner = await createPasswordUser(t.db, { login: "owner@contoso.example", password: "correct horse battery staple 9", tenantId: tenant.id, role: "admin" });
  await saveMcpAccessConfig(t.db, { tenantId: tenant.id, entraTenantId: CONTOSO, audience: API_V2, requiredScope: "mcp.access", acceptV1Tokens: false }, null, new Date());
  admin = { db: t.db, tenantId: tenant.id, actorId: owner.id, clientIp: "192.0.2.40", clock: frozenClock("2026-11-21T14:00:00Z"), requiredScope: "mcp.access" };
  expect(await addServicePrincipal(admin, { appId: SERVICE.toUpperCase(), name: "Nightly indexer", scopes: "mcp.access" })).toEqual({ ok: true, message: "service_principal_added" });
  expect(await addServicePrincipal(admin, { appId: NO_ROLE, name: "No role", scopes: "mcp.access mcp.files" })).toMatchObject({ ok: true });
});
afterAll(async () => {
  server?.closeAllConnections();
  await new Promise((resolve) => server?.close(resolve));
  await demo?.stop();
  await entra?.stop();
});

async function refusalAudit(response: Response) {
  const reference = response.headers.get("x-gatehouse-reference")!;
  const [event] = await t.db.select().from(auditEvents).where(and(eq(auditEvents.reference, reference), eq(auditEvents.kind, "mcp.request_refused")));
  return event!;
}

describe("Entra app-only tokens at the MCP gateway", () => {
  it("lets a registered application in with its app-only token, as a machine with the scopes its registration allows", async () => {
    const token = await appOnlyToken(SERVICE);
    expect(decodeJwt(token)).toMatchObject({ idtyp: "app", azp: SERVICE, aud: API_V2, roles: ["mcp.access", "mcp.files"] });
    expect(decodeJwt(token).scp).toBeUndefined();
    const client = new Client({ name: "app-only-test", version: "1.0.0" });
    await client.connect(new StreamableHTTPClientTransport(new URL(`${gatehouse}/t/contoso/mcp`), { requestInit: { headers: { authorization: `Bearer ${token}` } } }));
    try {
      const whoami = await client.callTool({ name: "whoami", arguments: {} });
      expect(whoami.structuredContent).toMatchObject({ principal: "machine", workspace: "contoso", scope: "mcp.access", tid: CONTOSO });
    } finally {
      await client.close();
    }
  });

  it("refuses an unregistered application 403, says how to register it, and audits the refusal with its application ID", async () => {
    const response = await post(await appOnlyToken(UNREGISTERED));
    expect(response.status).toBe(403);
    expect(response.headers.get("www-authenticate")).toContain('error="insufficient_scope"');
    expect(((await response.json()) as { error: { message: string } }).error.message).toContain(messageFor("mcp_app_not_registered"));
    expect((await refusalAudit(response)).detail).toMatchObject({ reason: "app_not_registered", appId: UNREGISTERED, tid: CONTOSO, aud: API_V2 });
  });

  it("refuses a registered application whose token's roles lack the required scope", async () => {
    const response = await post(await appOnlyToken(NO_ROLE));
    expect(response.status).toBe(403);
    expect((await refusalAudit(response)).detail).toMatchObject({ reason: "app_role_missing", appId: NO_ROLE });
  });

  it("refuses a disabled application at its next request, and lets it in again once enabled", async () => {
    const token = await appOnlyToken(SERVICE);
    expect(await setServicePrincipalEnabled(admin, SERVICE, false)).toMatchObject({ ok: true });
    const refused = await post(token);
    expect(refused.status).toBe(403);
    expect((await refusalAudit(refused)).detail).toMatchObject({ reason: "app_disabled", appId: SERVICE });
    expect(await setServicePrincipalEnabled(admin, SERVICE, true)).toMatchObject({ ok: true });
    expect((await post(token)).status).not.toBe(403);
  });
});

describe("registering an application", () => {
  it("refuses a bad Application ID, an empty name, scopes without the required one, and a second registration", async () => {
    expect(await addServicePrincipal(admin, { appId: "api://not-a-guid", name: "", scopes: "mcp.files" })).toEqual({
      ok: false,
      fieldErrors: { appId: "service_principal_app_id_invalid", name: "service_principal_name_invalid", scopes: "service_principal_scopes_invalid" },
    });
    expect(await addServicePrincipal(admin, { appId: SERVICE, name: "Again", scopes: "mcp.access" })).toEqual({ ok: false, fieldErrors: { appId: "service_principal_exists" } });
  });
});
