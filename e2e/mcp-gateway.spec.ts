import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { expect, test } from "@playwright/test";
import { openDatabase, type DatabaseHandle } from "../db/client";
import { saveMcpAccessConfig } from "../lib/mcp/access-config";
import { addProvisionedUser } from "../lib/mcp/provisioned-users";
import { startDemoMcpServer, type DemoMcpServer } from "./mcp-demo-server/server";
import { startEntraWorld, type EntraWorld } from "./support/broker-with-entra";
import { entraAccessToken } from "./support/entra-access-token";
import { CONTOSO_TENANT_ID, PLATFORM_CLIENT_ID, PLATFORM_CLIENT_SECRET, users } from "./support/entra-test-seed";

/**
 * The MCP gateway in the production build (`npm start`'s entry point, spawned): the real MCP TypeScript SDK client
 * with an Entra emulator token, through Gatehouse, to the demo MCP server built with the SDK.
 */
const MCP_API = "6d1f0e2c-3b4a-4c5d-8e6f-7a8b9c0d1e2f";
let world: EntraWorld;
let demo: DemoMcpServer;
let database: DatabaseHandle;
let token: string;

test.describe.configure({ mode: "serial" });

test.beforeAll(async () => {
  test.setTimeout(120_000);
  let gatehouse = "";
  demo = await startDemoMcpServer({ gatehouseUrl: () => gatehouse });
  world = await startEntraWorld({ settings: { MCP_UPSTREAM_URL: demo.url } });
  gatehouse = world.publicUrl;
  await world.emulator.admin.addApp(CONTOSO_TENANT_ID, { clientId: MCP_API, displayName: "Contoso MCP API", secrets: [], redirectUris: [], accessTokenAcceptedVersion: 2 });
  database = openDatabase({ databaseUrl: world.databaseUrl, dataDir: "unused" });
  const [contoso] = await world.sql`select id from tenant where key = 'contoso'`;
  await saveMcpAccessConfig(database.db, { tenantId: contoso!.id, entraTenantId: CONTOSO_TENANT_ID, audience: MCP_API, requiredScope: "mcp.access", acceptV1Tokens: false }, null, new Date());
  await addProvisionedUser(database.db, { tenantId: contoso!.id, workspaceKey: "contoso", entraTenantId: CONTOSO_TENANT_ID }, { oid: users.megan.oid, email: users.megan.email }, null, new Date());
  token = await entraAccessToken({
    emulator: world.emulator,
    tenant: CONTOSO_TENANT_ID,
    oid: users.megan.oid,
    scope: `api://${MCP_API}/mcp.access`,
    client: { id: PLATFORM_CLIENT_ID, secret: PLATFORM_CLIENT_SECRET, redirectUri: `${world.publicUrl}/api/v1/auth/callback/microsoft-entra-id` },
  });
});
test.afterAll(async () => {
  await database?.close();
  await world?.stop();
  await demo?.stop();
});

test("the real MCP client lists the tools and calls whoami through the production server", async () => {
  const client = new Client({ name: "e2e", version: "1.0.0" });
  await client.connect(new StreamableHTTPClientTransport(new URL(`${world.publicUrl}/t/contoso/mcp`), { requestInit: { headers: { authorization: `Bearer ${token}` } } }));
  try {
    expect((await client.listTools()).tools.map((t) => t.name).sort()).toEqual(["count", "time_in", "whoami"]);
    expect((await client.callTool({ name: "whoami", arguments: {} })).structuredContent).toMatchObject({ email: users.megan.email, workspace: "contoso", oid: users.megan.oid });
    const progressAt: number[] = [];
    await client.callTool({ name: "count", arguments: { to: 3, interval_ms: 400 } }, undefined, { onprogress: () => void progressAt.push(Date.now()) });
    const done = Date.now();
    expect(progressAt).toHaveLength(3);
    expect(done - progressAt[0]!).toBeGreaterThanOrEqual(700);
  } finally {
    await client.close();
  }
});

test("without a token the production server answers 401 with the resource metadata, which names the workspace's authorization server", async ({ request }) => {
  const answer = await request.post(`${world.publicUrl}/t/contoso/mcp`, { data: {} });
  expect(answer.status()).toBe(401);
  const challenge = answer.headers()["www-authenticate"]!;
  expect(challenge).toContain(`scope="api://${MCP_API}/mcp.access"`);
  const prm = (await (await request.get(/resource_metadata="([^"]+)"/.exec(challenge)![1]!)).json()) as { resource: string; authorization_servers: string[] };
  expect(prm).toMatchObject({ resource: `${world.publicUrl}/t/contoso/mcp`, authorization_servers: [`${world.publicUrl}/t/contoso`] });
});
