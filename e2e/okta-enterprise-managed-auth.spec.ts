import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { expect, test } from "@playwright/test";
import { decodeJwt } from "jose";
import { openDatabase, type DatabaseHandle } from "../db/client";
import { clientSecretHasher } from "../lib/oauth/client-secrets";
import { registerConfidentialClient } from "../lib/oauth/confidential-clients";
import { JWT_BEARER_GRANT } from "../lib/oauth/id-jag-grant";
import { saveOktaOrg } from "../lib/okta/okta-orgs";
import { startDemoMcpServer, type DemoMcpServer } from "./mcp-demo-server/server";
import { exchangeAtOkta, oktaTestSeed, startOktaEmulator, type RunningOktaEmulator } from "./okta-emulator";
import { startEntraWorld, type EntraWorld } from "./support/broker-with-entra";
import { emulatorFetch } from "./support/emulator-fetch";

/**
 * Enterprise-Managed Auth end to end, against the production build (spawned): the MCP client's ID token is exchanged
 * at the Okta emulator for an ID-JAG (leg 1), the ID-JAG at Gatehouse's token endpoint for an access token (leg 2,
 * jwt-bearer), and the access token calls the demo MCP server's whoami through `/mcp`. The server trusts the Okta
 * emulator's CA (NODE_EXTRA_CA_CERTS) and fetches its discovery and keys over real HTTPS.
 */
const seed = oktaTestSeed();
const oktaClient = { id: seed.clients[0]!.clientId, secret: seed.clients[0]!.clientSecret };
let okta: RunningOktaEmulator;
let world: EntraWorld;
let demo: DemoMcpServer;
let database: DatabaseHandle;
let contoso: string;
let client: { id: string; secret: string };

test.describe.configure({ mode: "serial" });

test.beforeAll(async () => {
  test.setTimeout(120_000);
  okta = await startOktaEmulator({ seed });
  let gatehouse = "";
  demo = await startDemoMcpServer({ gatehouseUrl: () => gatehouse });
  world = await startEntraWorld({ settings: { MCP_UPSTREAM_URL: demo.url, NODE_EXTRA_CA_CERTS: okta.caCertPath } });
  gatehouse = world.publicUrl;
  database = openDatabase({ databaseUrl: world.databaseUrl, dataDir: "unused" });
  const [row] = await world.sql`select id from tenant where key = 'contoso'`;
  contoso = row!.id;
  await world.sql`insert into tenant_domain (domain, tenant_id, verified_at) values ('contoso.com', ${contoso}, now())`;
  const saved = await saveOktaOrg(database.db, { tenantId: contoso, issuer: okta.issuer, scope: "", actor: { userId: "e2e-admin", clientIp: null } }, emulatorFetch(okta.caPem), { now: () => new Date() });
  expect(saved.ok).toBe(true);
  const encryptionKey = Buffer.from(world.settingsFor(0).SECRET_ENCRYPTION_KEY!, "base64url");
  const registered = await registerConfidentialClient(
    database.db,
    clientSecretHasher(encryptionKey),
    { name: "MCP client (Okta)", grantTypes: [JWT_BEARER_GRANT], redirectUris: "", authMethod: "client_secret_basic" },
    { staffId: "e2e-staff", clientIp: null },
    { now: () => new Date() },
  );
  if (!registered.ok) throw new Error("registration refused");
  client = { id: registered.clientId, secret: registered.clientSecret };
  okta.connect({ clientId: oktaClient.id, audience: world.publicUrl, resource: `${world.publicUrl}/mcp`, scopes: ["mcp"], resourceClientId: client.id });
});
test.afterAll(async () => {
  await database?.close();
  await world?.stop();
  await demo?.stop();
  await okta?.stop();
});

async function jwtBearer(assertion: string) {
  const response = await fetch(`${world.publicUrl}/oauth2/token`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", authorization: `Basic ${Buffer.from(`${client.id}:${client.secret}`).toString("base64")}` },
    body: new URLSearchParams({ grant_type: JWT_BEARER_GRANT, assertion }),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

test("an ID-JAG from Okta becomes a Gatehouse access token that calls whoami through /mcp", async () => {
  const subjectToken = await okta.idTokenFor("dana@contoso.com", oktaClient.id);
  const exchanged = await exchangeAtOkta(okta, { client: oktaClient, subjectToken, audience: world.publicUrl, resource: `${world.publicUrl}/mcp`, scope: "mcp" });
  expect(exchanged).toMatchObject({ status: 200, body: { token_type: "N_A", issued_token_type: "urn:ietf:params:oauth:token-type:id-jag", expires_in: 300 } });

  const metadata = (await (await fetch(`${world.publicUrl}/.well-known/oauth-authorization-server`)).json()) as { grant_types_supported: string[] };
  expect(metadata.grant_types_supported).toContain(JWT_BEARER_GRANT);

  const granted = await jwtBearer(String(exchanged.body.access_token));
  expect(granted.status).toBe(200);
  expect(granted.body.refresh_token).toBeUndefined();
  const accessToken = String(granted.body.access_token);
  expect(decodeJwt(accessToken)).toMatchObject({ workspace: contoso, aud: `${world.publicUrl}/mcp`, client_id: client.id });

  const mcp = new Client({ name: "e2e-okta", version: "1.0.0" });
  await mcp.connect(new StreamableHTTPClientTransport(new URL(`${world.publicUrl}/mcp`), { requestInit: { headers: { authorization: `Bearer ${accessToken}` } } }));
  try {
    const whoami = (await mcp.callTool({ name: "whoami", arguments: {} })).structuredContent as Record<string, unknown>;
    expect(whoami).toMatchObject({ workspace: "contoso", subject: decodeJwt(accessToken).sub, credential: "gatehouse_access_token" });
  } finally {
    await mcp.close();
  }

  // The same ID-JAG a second time: single use, refused with a description.
  const replayed = await jwtBearer(String(exchanged.body.access_token));
  expect(replayed).toMatchObject({ status: 400, body: { error: "invalid_grant", error_description: expect.stringContaining("already used") } });
});

test("an ID-JAG from an Okta org bound to no workspace is refused before its keys are fetched", async () => {
  const other = await startOktaEmulator({ seed });
  try {
    other.connect({ clientId: oktaClient.id, audience: world.publicUrl, resource: `${world.publicUrl}/mcp`, scopes: ["mcp"], resourceClientId: client.id });
    const exchanged = await exchangeAtOkta(other, { client: oktaClient, subjectToken: await other.idTokenFor("dana@contoso.com", oktaClient.id), audience: world.publicUrl, resource: `${world.publicUrl}/mcp` });
    const refused = await jwtBearer(String(exchanged.body.access_token));
    expect(refused).toMatchObject({ status: 400, body: { error: "invalid_grant" } });
    expect(other.keyFetches).toBe(0);
  } finally {
    await other.stop();
  }
});
