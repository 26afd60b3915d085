import { expect, test } from "@playwright/test";
import { startSpaServer, type SpaServer } from "../examples/spa/server";
import { startAuthorizationServerWorld, type AuthorizationServerWorld } from "./support/authorization-server-world";
import { users } from "./support/entra-test-seed";

/**
 * Issue 13 part 8: the example SPA (examples/spa/) on an origin of its own signs in with Gatehouse as a public client
 * (code + PKCE S256), named by the Client ID Metadata Document it serves at that origin; it receives the
 * access/refresh pair from the token endpoint across origins (CORS for public clients) and shows who is signed in
 * from an API called with the access token. No token ever appears in a URL, only the one-time code.
 */
let as: AuthorizationServerWorld;
let spa: SpaServer;

test.describe.configure({ mode: "serial" });

test.beforeAll(async () => {
  test.setTimeout(120_000);
  as = await startAuthorizationServerWorld();
  spa = await startSpaServer({ gatehouseUrl: as.world.publicUrl, tls: { cert: as.tls.certificatePem, key: as.tls.privateKeyPem } });
});
test.afterAll(async () => {
  await spa?.stop();
  await as?.stop();
});

test("the SPA signs Megan in through Contoso's SSO and consent, gets the token pair across origins, shows her, refreshes, and no token is ever in a URL", async ({ page }) => {
  expect(new URL(spa.origin).origin).not.toBe(new URL(as.world.publicUrl).origin);
  const urls: string[] = [];
  page.on("request", (request) => urls.push(request.url()));
  const grants: { origin: string | undefined; body: { access_token?: string; refresh_token?: string } }[] = [];
  page.on("response", async (response) => {
    if (new URL(response.url()).pathname === "/oauth2/token" && response.request().method() === "POST")
      grants.push({ origin: response.headers()["access-control-allow-origin"], body: (await response.json()) as { access_token?: string; refresh_token?: string } });
  });

  await page.goto(spa.origin);
  await expect(page.locator("#status")).toHaveText("Not signed in.");
  await page.getByRole("button", { name: "Sign in with Gatehouse" }).click();

  await expect(page).toHaveURL(/\/login\?return_to=%2Foauth%2Finteraction%2F/);
  await page.getByLabel("Email or username").fill(users.megan.email);
  await page.getByRole("button", { name: "Continue" }).click();
  await page.getByRole("button", { name: "Continue with Microsoft Entra ID" }).click();
  await page.getByRole("button", { name: new RegExp(users.megan.name) }).click();
  await expect(page.getByRole("heading", { name: "Allow access?" })).toBeVisible();
  await expect(page.getByRole("main").getByRole("definition")).toHaveText(["Gatehouse SPA example", new URL(spa.origin).host, "Contoso", users.megan.email]);
  await page.getByRole("button", { name: "Allow" }).click();

  await expect(page.locator("#status")).toHaveText("Signed in.");
  await expect(page).toHaveURL(`${spa.origin}/`);
  const megan = await as.userIdOf(users.megan.email);
  await expect(page.getByRole("definition")).toHaveText([megan!, "contoso", "mcp"]);
  expect(grants).toHaveLength(1);
  expect(grants[0]!.origin).toBe(spa.origin);

  await page.getByRole("button", { name: "Refresh tokens" }).click();
  await expect(page.locator("#status")).toHaveText("Signed in. Tokens refreshed.");
  await expect(page.getByRole("definition").first()).toHaveText(megan!);
  expect(grants).toHaveLength(2);
  expect(grants[1]!.body.refresh_token).not.toBe(grants[0]!.body.refresh_token);

  // Gatehouse's code came back to the SPA in the redirect URL once; no access or refresh token was in any URL the
  // browser asked for, on any origin.
  expect(urls.filter((url) => url.startsWith(spa.origin) && new URL(url).searchParams.has("code"))).toHaveLength(1);
  const tokens = grants.flatMap((g) => [g.body.access_token!, g.body.refresh_token!]);
  expect(tokens.every(Boolean)).toBe(true);
  expect(urls.filter((url) => tokens.some((token) => url.includes(token)))).toEqual([]);

  // Signing out revokes the refresh token at Gatehouse.
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page.locator("#status")).toHaveText("Signed out.");
  const refused = await fetch(`${as.world.publicUrl}/oauth2/token`, {
    method: "POST",
    body: new URLSearchParams({ grant_type: "refresh_token", refresh_token: grants[1]!.body.refresh_token!, client_id: spa.clientId }),
  });
  expect(refused.status).toBe(400);
});
