import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { auth, type OAuthClientProvider } from "@modelcontextprotocol/sdk/client/auth.js";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import type { OAuthClientInformationMixed, OAuthClientMetadata, OAuthTokens } from "@modelcontextprotocol/sdk/shared/auth.js";
import { expect, test, type Page } from "@playwright/test";
import { startAuthorizationServerWorld, startHttpsServer, type AuthorizationServerWorld } from "./support/authorization-server-world";
import { users } from "./support/entra-test-seed";

/**
 * Issue 13's proof, in the production build and a real browser: the MCP TypeScript SDK's own OAuth client connects
 * to `{API_PUBLIC_URL}/mcp` with nothing registered by hand. 401 → protected-resource metadata → authorization-server
 * metadata → a client named by its metadata document (or, separately, registered dynamically) → authorize →
 * Gatehouse's /login → Contoso's tenant SSO on the Entra emulator → the consent page → the loopback redirect →
 * tokens → `tools/call whoami`; then the refresh token rotates and a spent one, presented again, revokes its family.
 */
let as: AuthorizationServerWorld;
let documents: { origin: string; stop(): Promise<void> };
let listener: Server;
let redirect = "";
const arrivals: URL[] = [];

test.describe.configure({ mode: "serial" });

test.beforeAll(async () => {
  test.setTimeout(120_000);
  as = await startAuthorizationServerWorld();
  // The native client's loopback listener (RFC 8252): it records where the browser arrived.
  listener = createServer((req, res) => {
    const arrived = new URL(req.url ?? "/", redirect);
    if (arrived.pathname === "/callback") arrivals.push(arrived);
    res.writeHead(200, { "content-type": "text/plain" }).end("Signed in. You can close this window.");
  });
  await new Promise<void>((resolve) => listener.listen(0, "127.0.0.1", resolve));
  redirect = `http://127.0.0.1:${(listener.address() as AddressInfo).port}/callback`;
  // The client's metadata document, at its https client_id.
  documents = await startHttpsServer(as.tls, (_req, res) => {
    res.writeHead(200, { "content-type": "application/json", "cache-control": "max-age=300" }).end(
      JSON.stringify({ ...clientMetadata("Inspector by URL"), client_id: `${documents.origin}/mcp-client.json` }),
    );
  });
});
test.afterAll(async () => {
  await documents?.stop();
  await new Promise<void>((resolve) => (listener ? listener.close(() => resolve()) : resolve()));
  await as?.stop();
});

function clientMetadata(name: string): OAuthClientMetadata {
  return { client_name: name, redirect_uris: [redirect], grant_types: ["authorization_code", "refresh_token"], response_types: ["code"], token_endpoint_auth_method: "none" };
}

/** An MCP client's OAuth state, as a desktop client keeps it; "redirecting" opens the URL in the browser. */
class BrowserClient implements OAuthClientProvider {
  information: OAuthClientInformationMixed | undefined;
  saved: OAuthTokens | undefined;
  verifier = "";
  constructor(
    private readonly page: Page,
    private readonly name: string,
    readonly clientMetadataUrl?: string,
  ) {}
  get redirectUrl() {
    return redirect;
  }
  get clientMetadata() {
    return clientMetadata(this.name);
  }
  clientInformation() {
    return this.information;
  }
  saveClientInformation(information: OAuthClientInformationMixed) {
    this.information = information;
  }
  tokens() {
    return this.saved;
  }
  saveTokens(tokens: OAuthTokens) {
    this.saved = tokens;
  }
  async redirectToAuthorization(url: URL) {
    await this.page.goto(url.toString());
  }
  saveCodeVerifier(verifier: string) {
    this.verifier = verifier;
  }
  codeVerifier() {
    return this.verifier;
  }
}

/** The person's part: Gatehouse's /login, Contoso's SSO at the emulator, the consent page, Allow. */
async function meganSignsInAndAllows(page: Page, clientName: string): Promise<URL> {
  const from = arrivals.length;
  await expect(page).toHaveURL(/\/login\?return_to=%2Foauth%2Finteraction%2F/);
  await page.getByLabel("Email or username").fill(users.megan.email);
  await page.getByRole("button", { name: "Continue" }).click();
  await page.getByRole("button", { name: "Continue with Microsoft Entra ID" }).click();
  await page.getByRole("button", { name: new RegExp(users.megan.name) }).click();

  await expect(page).toHaveURL(/\/oauth\/consent\//);
  await expect(page.getByRole("heading", { name: "Allow access?" })).toBeVisible();
  const main = page.getByRole("main");
  await expect(main.getByRole("definition")).toHaveText([clientName, new URL(redirect).host, "Contoso", users.megan.email]);
  await expect(page.getByRole("button", { name: "Deny" })).toBeVisible();
  await page.getByRole("button", { name: "Allow" }).click();
  await expect(page.getByText("Signed in. You can close this window.")).toBeVisible();
  return arrivals.slice(from).at(-1)!;
}

async function tokenRequest(clientId: string, refreshToken: string) {
  const answer = await fetch(`${as.world.publicUrl}/oauth2/token`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ grant_type: "refresh_token", refresh_token: refreshToken, client_id: clientId }),
  });
  return { status: answer.status, body: (await answer.json()) as { error?: string } };
}

async function whoami(client: BrowserClient) {
  const mcp = new Client({ name: "e2e-oauth", version: "1.0.0" });
  await mcp.connect(new StreamableHTTPClientTransport(new URL(`${as.world.publicUrl}/mcp`), { authProvider: client }));
  try {
    return (await mcp.callTool({ name: "whoami", arguments: {} })).structuredContent as Record<string, unknown>;
  } finally {
    await mcp.close();
  }
}

async function connectsRefreshesAndDetectsReuse(page: Page, client: BrowserClient, clientName: string) {
  const serverUrl = `${as.world.publicUrl}/mcp`;
  // Nothing stored: the transport's first request is refused, the SDK discovers and sends the browser to authorize.
  const first = new Client({ name: "e2e-oauth", version: "1.0.0" });
  const transport = new StreamableHTTPClientTransport(new URL(serverUrl), { authProvider: client });
  await expect(first.connect(transport)).rejects.toThrow(/Unauthorized/);
  const callback = await meganSignsInAndAllows(page, clientName);
  expect(callback.searchParams.get("iss")).toBe(as.world.publicUrl);
  await transport.finishAuth(callback.searchParams.get("code")!);

  const person = await whoami(client);
  expect(person).toMatchObject({ principal: "user", subject: await as.userIdOf(users.megan.email), workspace: "contoso", scope: "mcp", credential: "gatehouse_access_token" });
  const clientId = client.information!.client_id;

  // With tokens and no code, auth() refreshes: a new pair, the refresh token rotated, and the new access token works.
  const spent = client.saved!.refresh_token!;
  expect(await auth(client, { serverUrl })).toBe("AUTHORIZED");
  const rotated = client.saved!.refresh_token!;
  expect(rotated).not.toBe(spent);
  expect(await whoami(client)).toMatchObject({ subject: person.subject, workspace: "contoso" });

  // The spent token again: refused, and its whole family with it.
  expect(await tokenRequest(clientId, spent)).toEqual({ status: 400, body: expect.objectContaining({ error: "invalid_grant" }) });
  expect(await tokenRequest(clientId, rotated)).toEqual({ status: 400, body: expect.objectContaining({ error: "invalid_grant" }) });
  return clientId;
}

test("the MCP SDK's OAuth client connects to /mcp with a Client ID Metadata Document: SSO, consent, whoami, rotation and reuse detection", async ({ page }) => {
  const client = new BrowserClient(page, "Inspector by URL", `${documents.origin}/mcp-client.json`);
  const clientId = await connectsRefreshesAndDetectsReuse(page, client, "Inspector by URL");
  expect(clientId).toBe(`${documents.origin}/mcp-client.json`);
});

test("the MCP SDK's OAuth client connects to /mcp by Dynamic Client Registration: SSO, consent, whoami, rotation and reuse detection", async ({ page }) => {
  const client = new BrowserClient(page, "Registered inspector");
  const clientId = await connectsRefreshesAndDetectsReuse(page, client, "Registered inspector");
  expect(clientId).not.toMatch(/^https:/);
});
