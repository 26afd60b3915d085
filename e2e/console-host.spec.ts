import { join } from "node:path";
import { expect, test } from "@playwright/test";
import { entraEmulatorAdmin } from "./support/entra";
import {
  CONTOSO_TENANT_ID,
  OPERATOR_TENANT_ID,
  PLATFORM_CLIENT_ID,
  PLATFORM_CLIENT_SECRET,
  staff,
  users,
} from "./support/entra-test-seed";
import { BASE_URL, E2E_ENTRA_PORT, E2E_ENTRA_STATE_DIR } from "./support/environment";
import { freePort, spawnGatehouse, type RunningServer } from "./support/spawn-server";
import { registerConsoleApp } from "./support/staff";

/**
 * MGMT_PUBLIC_URL on another host than API_PUBLIC_URL (here 127.0.0.1 vs localhost, one server listening on
 * 0.0.0.0, so Next.js's own idea of the request URL is neither public origin): the console answers only on its
 * host, that host serves nothing but the console, and both Auth.js instances complete sign-ins on their public
 * origins.
 */
let server: RunningServer;
let consoleApp: { clientId: string; clientSecret: string };
let port: number;

test.beforeAll(async () => {
  port = await freePort();
  const entra = entraEmulatorAdmin();
  consoleApp = await registerConsoleApp(`http://127.0.0.1:${port}`);
  await entra.updateApp(CONTOSO_TENANT_ID, PLATFORM_CLIENT_ID, {
    redirectUris: [`${BASE_URL}/api/v1/auth/callback/microsoft-entra-id`, `http://localhost:${port}/api/v1/auth/callback/microsoft-entra-id`],
  });
  server = await spawnGatehouse({
    PORT: String(port),
    HOST: "0.0.0.0",
    MS_CLIENT_ID: PLATFORM_CLIENT_ID,
    MS_CLIENT_SECRET: PLATFORM_CLIENT_SECRET,
    MGMT_PUBLIC_URL: `http://127.0.0.1:${port}`,
    MS_AUTHORITY_HOST: `https://localhost:${E2E_ENTRA_PORT}`,
    MGMT_MS_CLIENT_ID: consoleApp.clientId,
    MGMT_MS_CLIENT_SECRET: consoleApp.clientSecret,
    MGMT_MS_TENANT_ID: OPERATOR_TENANT_ID,
    NODE_EXTRA_CA_CERTS: join(E2E_ENTRA_STATE_DIR, "ca.pem"),
  });
});
test.afterAll(() => server.stop());

test("the console answers only on its own host, and that host serves only the console", async ({ request }) => {
  const api = `http://localhost:${port}`;
  const console = `http://127.0.0.1:${port}`;
  expect((await request.get(`${api}/manage/sign-in`, { maxRedirects: 0 })).status()).toBe(404);
  expect((await request.get(`${api}/api/v1/manage/sign-in`, { maxRedirects: 0 })).status()).toBe(404);
  expect((await request.get(`${api}/login`)).status()).toBe(200);

  const signInPage = await request.get(`${console}/manage/sign-in`);
  expect(signInPage.status()).toBe(200);
  expect(await signInPage.text()).toContain("Gatehouse console");
  expect((await request.get(`${console}/login`, { maxRedirects: 0 })).status()).toBe(404);
  const root = await request.get(`${console}/`, { maxRedirects: 0 });
  expect(root.status()).toBe(302);
  expect(root.headers().location).toBe(`${console}/manage`);
});

test("a staff sign-in started on the console host comes back to the console host", async ({ request }) => {
  const start = await request.get(`http://127.0.0.1:${port}/api/v1/manage/sign-in`, { maxRedirects: 0 });
  expect(start.status()).toBe(307);
  const authorize = new URL(start.headers().location!);
  expect(authorize.pathname).toBe(`/${OPERATOR_TENANT_ID}/oauth2/v2.0/authorize`);
  expect(authorize.searchParams.get("redirect_uri")).toBe(`http://127.0.0.1:${port}/api/v1/manage/auth/callback/staff-entra`);
  expect(authorize.searchParams.get("client_id")).toBe(consoleApp.clientId);
  expect(authorize.searchParams.get("code_challenge_method")).toBe("S256");
});

test("staff sign in on the console host and a user signs in with Microsoft on the broker's host, on one server", async ({ page }) => {
  await page.goto(`http://127.0.0.1:${port}/manage`);
  await page.getByRole("button", { name: "Sign in with Microsoft" }).click();
  await page.getByRole("button", { name: new RegExp(staff.olivia.name) }).click();
  await expect(page).toHaveURL(`http://127.0.0.1:${port}/manage`);
  await expect(page.getByTestId("staff-identity")).toContainText(staff.olivia.name);

  await page.goto(`http://localhost:${port}/login`);
  await page.getByRole("button", { name: "Sign in with Microsoft" }).click();
  await page.getByRole("button", { name: new RegExp(users.adele.name) }).click();
  await expect(page).toHaveURL(new RegExp(`^http://localhost:${port}/workspace/new$`));
});

test("a form post to a page from another origin is refused with 403 (CSRF), never a 500", async ({ request }) => {
  for (const [url, origin] of [
    [`http://localhost:${port}/login`, "http://evil.example"],
    [`http://127.0.0.1:${port}/manage/sign-in`, `http://localhost:${port}`],
  ] as const) {
    const response = await request.post(url, { headers: { origin, "next-action": "7f".padEnd(42, "0") }, data: "[]", maxRedirects: 0 });
    expect(response.status()).toBe(403);
  }
});
