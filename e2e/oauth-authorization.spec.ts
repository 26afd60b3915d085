import { randomBytes } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { expect, test } from "@playwright/test";
import { calculatePKCECodeChallenge, generateRandomCodeVerifier } from "oauth4webapi";
import { connectToTestDatabase } from "./support/database";
import { BASE_URL } from "./support/environment";
import { createPasswordUser } from "./support/password-users";

/**
 * An MCP client's authorization in a real browser: Gatehouse's /login (e-mail first, then the password), back to
 * the authorization, the consent page, and the code at the client's loopback redirect — which the test answers
 * itself, as the client's own listener would.
 */
const sql = connectToTestDatabase();
// The client's loopback listener, as a native MCP client runs one: it records where the browser arrived.
const arrivals: URL[] = [];
let listener: Server;
let REDIRECT = "";
test.beforeAll(async () => {
  listener = createServer((req, res) => {
    const arrived = new URL(req.url ?? "/", REDIRECT);
    // The browser also asks this listener for a favicon; only the redirect counts.
    if (arrived.pathname === "/callback") arrivals.push(arrived);
    res.writeHead(200, { "content-type": "text/plain" }).end("You can close this window.");
  });
  await new Promise<void>((resolve) => listener.listen(0, "127.0.0.1", resolve));
  REDIRECT = `http://127.0.0.1:${(listener.address() as AddressInfo).port}/callback`;
});
test.afterAll(async () => {
  await sql.end();
  await new Promise<void>((resolve) => listener.close(() => resolve()));
});

async function registerClient(name: string): Promise<string> {
  const answer = await fetch(`${BASE_URL}/oauth2/register`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ client_name: name, redirect_uris: [REDIRECT], token_endpoint_auth_method: "none", grant_types: ["authorization_code", "refresh_token"], response_types: ["code"] }),
  });
  expect(answer.status).toBe(201);
  return ((await answer.json()) as { client_id: string }).client_id;
}

async function authorizationUrl(clientId: string) {
  const verifier = generateRandomCodeVerifier();
  const url = new URL(`${BASE_URL}/oauth2/authorize`);
  url.search = new URLSearchParams({
    client_id: clientId,
    redirect_uri: REDIRECT,
    response_type: "code",
    scope: "mcp",
    state: randomBytes(8).toString("hex"),
    code_challenge: await calculatePKCECodeChallenge(verifier),
    code_challenge_method: "S256",
    resource: `${BASE_URL}/mcp`,
  }).toString();
  return { url: url.toString(), verifier };
}

/** The newest arrival at the client's listener from now on. */
function catchCallback(): () => URL | undefined {
  const from = arrivals.length;
  return () => arrivals.slice(from).at(-1);
}

test("a person signs in at Gatehouse, allows the client on the consent page, and the client gets tokens; the next time nobody asks", async ({ page }) => {
  const login = `mcp-${randomBytes(3).toString("hex")}@contoso.test`;
  const userId = await createPasswordUser(sql, { login, password: "a long passphrase for mcp" });
  const clientId = await registerClient("E2E MCP client");
  const callback = catchCallback();
  const first = await authorizationUrl(clientId);

  await page.goto(first.url);
  await expect(page).toHaveURL(/\/login\?return_to=%2Foauth%2Finteraction%2F/);
  await page.getByLabel("Email or username").fill(login);
  await page.getByRole("button", { name: "Continue" }).click();
  await page.getByLabel("Password", { exact: true }).fill("a long passphrase for mcp");
  await page.getByRole("button", { name: "Sign in", exact: true }).click();

  await expect(page).toHaveURL(/\/oauth\/consent\//);
  await expect(page.getByRole("heading", { name: "Allow access?" })).toBeVisible();
  await expect(page.getByRole("main")).toContainText("E2E MCP client");
  await expect(page.getByRole("main")).toContainText(new URL(REDIRECT).host);
  await expect(page.getByRole("button", { name: "Deny" })).toBeVisible();
  await page.getByRole("button", { name: "Allow" }).click();

  await expect.poll(callback).toBeDefined();
  const code = callback()!.searchParams.get("code")!;
  expect(callback()!.searchParams.get("iss")).toBe(BASE_URL);
  const tokens = await fetch(`${BASE_URL}/oauth2/token`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ grant_type: "authorization_code", code, redirect_uri: REDIRECT, code_verifier: first.verifier, client_id: clientId, resource: `${BASE_URL}/mcp` }),
  });
  expect(tokens.status).toBe(200);
  const body = (await tokens.json()) as { access_token: string; refresh_token: string };
  const claims = JSON.parse(Buffer.from(body.access_token.split(".")[1]!, "base64url").toString()) as Record<string, unknown>;
  expect(claims).toMatchObject({ iss: BASE_URL, aud: `${BASE_URL}/mcp`, sub: userId, client_id: clientId });
  expect(body.refresh_token).toBeTruthy();

  const again = catchCallback();
  await page.goto((await authorizationUrl(clientId)).url);
  await expect.poll(() => again()?.searchParams.get("code")).toBeTruthy();
  await expect(page.getByText("You can close this window.")).toBeVisible();
});

test("Deny sends access_denied to the client and is audited", async ({ page }) => {
  const login = `deny-${randomBytes(3).toString("hex")}@contoso.test`;
  const userId = await createPasswordUser(sql, { login, password: "a long passphrase for mcp" });
  const clientId = await registerClient("Unwanted client");
  const callback = catchCallback();
  await page.goto((await authorizationUrl(clientId)).url);
  await page.getByLabel("Email or username").fill(login);
  await page.getByRole("button", { name: "Continue" }).click();
  await page.getByLabel("Password", { exact: true }).fill("a long passphrase for mcp");
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await page.getByRole("button", { name: "Deny" }).click();
  await expect.poll(() => callback()?.searchParams.get("error")).toBe("access_denied");
  const audited = await sql`select outcome from audit_event where kind = 'oauth.consent' and actor_id = ${userId}`;
  expect(audited.map((a) => a.outcome)).toEqual(["failure"]);
});
