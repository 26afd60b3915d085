import { randomBytes } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { expect, test, type Page } from "@playwright/test";
import { calculatePKCECodeChallenge, generateRandomCodeVerifier } from "oauth4webapi";
import { startDemoMcpServer, type DemoMcpServer } from "./mcp-demo-server/server";
import { startEntraWorld, type EntraWorld } from "./support/broker-with-entra";
import { createPasswordUser, submitPasswordSignIn } from "./support/password-users";

/**
 * One offboarding (issue 14, part 4), in the production build: a person holds a browser session, a personal API
 * key and an MCP client's access and refresh tokens; their workspace's admin removes them on Settings → Users; each
 * stops working at its next use. (The gateway hears the removal from the database and looks the access token's
 * person up again: README, "Revocation bound".)
 */
let world: EntraWorld;
let demo: DemoMcpServer;
let listener: Server;
let redirect = "";
const arrivals: URL[] = [];
const PASSWORD = "an offboarding passphrase";

test.describe.configure({ mode: "serial" });

test.beforeAll(async () => {
  test.setTimeout(120_000);
  let gatehouse = "";
  demo = await startDemoMcpServer({ gatehouseUrl: () => gatehouse });
  world = await startEntraWorld({ settings: { MCP_UPSTREAM_URL: demo.url } });
  gatehouse = world.publicUrl;
  listener = createServer((req, res) => {
    const arrived = new URL(req.url ?? "/", redirect);
    if (arrived.pathname === "/callback") arrivals.push(arrived);
    res.writeHead(200, { "content-type": "text/plain" }).end("You can close this window.");
  });
  await new Promise<void>((resolve) => listener.listen(0, "127.0.0.1", resolve));
  redirect = `http://127.0.0.1:${(listener.address() as AddressInfo).port}/callback`;
});
test.afterAll(async () => {
  await new Promise<void>((resolve) => listener?.close(() => resolve()));
  await world?.stop();
  await demo?.stop();
});

async function whoamiWith(bearer: string): Promise<Record<string, unknown>> {
  const client = new Client({ name: "offboarding-test", version: "1.0.0" });
  await client.connect(new StreamableHTTPClientTransport(new URL(`${world.publicUrl}/mcp`), { requestInit: { headers: { authorization: `Bearer ${bearer}` } } }));
  try {
    return (await client.callTool({ name: "whoami", arguments: {} })).structuredContent as Record<string, unknown>;
  } finally {
    await client.close();
  }
}

/** A public MCP client registered by DCR, authorized by the person signed in on `page`: its tokens. */
async function connectAnMcpClient(page: Page): Promise<{ clientId: string; refreshToken: string }> {
  const registered = await fetch(`${world.publicUrl}/oauth2/register`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ client_name: "Offboarding MCP client", redirect_uris: [redirect], token_endpoint_auth_method: "none", grant_types: ["authorization_code", "refresh_token"], response_types: ["code"] }),
  });
  expect(registered.status).toBe(201);
  const clientId = ((await registered.json()) as { client_id: string }).client_id;
  const verifier = generateRandomCodeVerifier();
  const authorize = new URL(`${world.publicUrl}/oauth2/authorize`);
  authorize.search = new URLSearchParams({
    client_id: clientId,
    redirect_uri: redirect,
    response_type: "code",
    scope: "mcp",
    state: randomBytes(8).toString("hex"),
    code_challenge: await calculatePKCECodeChallenge(verifier),
    code_challenge_method: "S256",
    resource: `${world.publicUrl}/mcp`,
  }).toString();
  const from = arrivals.length;
  await page.goto(authorize.toString());
  await expect(page.getByRole("heading", { name: "Allow access?" })).toBeVisible();
  await page.getByRole("button", { name: "Allow" }).click();
  await expect.poll(() => arrivals.slice(from).at(-1)?.searchParams.get("code")).toBeTruthy();
  const code = arrivals.slice(from).at(-1)!.searchParams.get("code")!;
  const tokens = await tokenRequest({ grant_type: "authorization_code", code, redirect_uri: redirect, code_verifier: verifier, client_id: clientId, resource: `${world.publicUrl}/mcp` });
  expect(tokens.status).toBe(200);
  return { clientId, refreshToken: tokens.body.refresh_token! };
}

async function tokenRequest(parameters: Record<string, string>) {
  const response = await fetch(`${world.publicUrl}/oauth2/token`, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body: new URLSearchParams(parameters) });
  return { status: response.status, body: (await response.json()) as { refresh_token?: string; access_token?: string; error?: string } };
}

test("removing a person from the workspace ends their session, their API key and their MCP client's access and refresh tokens at the next use of each", async ({ browser }) => {
  test.setTimeout(120_000);
  const [tenant] = await world.sql`insert into tenant (id, key, name) values (${crypto.randomUUID()}, 'offboard', 'Offboard Inc') returning id`;
  await createPasswordUser(world.sql, { login: "ines@offboard.example", password: PASSWORD, name: "Ines Admin", tenantId: tenant!.id, role: "admin" });
  await createPasswordUser(world.sql, { login: "leo@offboard.example", password: PASSWORD, name: "Leo Leaving", tenantId: tenant!.id });

  const leaving = await (await browser.newContext({ baseURL: world.publicUrl })).newPage();
  await submitPasswordSignIn(leaving, "leo@offboard.example", PASSWORD);
  await expect(leaving.getByRole("heading", { name: "You are signed in" })).toBeVisible();
  await leaving.goto("/account/api-keys");
  await leaving.getByLabel("Name").fill("Laptop");
  await leaving.getByRole("button", { name: "Create key" }).click();
  const apiKey = (await leaving.getByTestId("new-api-key-value").textContent())!;
  const mcpClient = await connectAnMcpClient(leaving);

  // Before: all three work.
  expect(await whoamiWith(apiKey)).toMatchObject({ email: "leo@offboard.example", workspace: "offboard", credential: "personal_api_key" });
  const refreshed = await tokenRequest({ grant_type: "refresh_token", refresh_token: mcpClient.refreshToken, client_id: mcpClient.clientId });
  expect(refreshed.status).toBe(200);
  expect(await whoamiWith(refreshed.body.access_token!)).toMatchObject({ email: "leo@offboard.example", workspace: "offboard", credential: "gatehouse_access_token" });

  const admin = await (await browser.newContext({ baseURL: world.publicUrl })).newPage();
  await submitPasswordSignIn(admin, "ines@offboard.example", PASSWORD);
  await expect(admin.getByRole("heading", { name: "You are signed in" })).toBeVisible();
  await admin.goto("/settings/users");
  await admin.getByRole("button", { name: "Remove Leo Leaving" }).click();
  await admin.getByRole("dialog", { name: "Remove Leo Leaving?" }).getByRole("button", { name: "Remove user" }).click();
  await expect(admin.getByRole("status").filter({ hasText: "Leo Leaving was removed from this workspace." })).toBeVisible();

  // After: the session is gone at the next page, the key and the refresh token at their next use.
  await leaving.goto("/account");
  await expect(leaving).toHaveURL(/\/login/);
  await expect(whoamiWith(apiKey)).rejects.toThrow("The API key was revoked.");
  await expect(whoamiWith(refreshed.body.access_token!)).rejects.toThrow("The person this access token was issued to is no longer a member of its workspace.");
  const refused = await tokenRequest({ grant_type: "refresh_token", refresh_token: refreshed.body.refresh_token!, client_id: mcpClient.clientId });
  expect([refused.status, refused.body.error]).toEqual([400, "invalid_grant"]);

  const [audit] = await world.sql`select detail from audit_event where tenant_id = ${tenant!.id} and kind = 'tenant.user_removed'`;
  expect(audit?.detail).toMatchObject({ endedSessions: 1, revokedApiKeys: 1, revokedGrants: 1 });
});
