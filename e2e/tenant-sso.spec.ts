import { expect, test, type Page } from "@playwright/test";
import { connectToTestDatabase } from "./support/database";
import { createPasswordUser, signInWithPassword } from "./support/password-users";
import { entraEmulatorAdmin } from "./support/entra";
import {
  NORTHWIND_EXPIRED_CLIENT_ID,
  NORTHWIND_EXPIRED_SECRET,
  NORTHWIND_SSO_CLIENT_ID,
  NORTHWIND_SSO_SECRET,
  NORTHWIND_TENANT_ID,
  northwindUsers,
} from "./support/entra-test-seed";

const sql = connectToTestDatabase();
const OWNER = "northwind-owner";
const OWNER_PASSWORD = "northwind owner passphrase";
let tenantId: string;

test.describe.configure({ mode: "serial" });

test.beforeAll(async () => {
  const [tenant] = await sql`insert into tenant (id, key, name) values (${crypto.randomUUID()}, 'northwind', 'Northwind') returning id`;
  tenantId = tenant!.id;
  await sql`insert into tenant_domain (domain, tenant_id, verified_at) values ('northwind.example', ${tenantId}, now())`;
  await createPasswordUser(sql, { login: OWNER, password: OWNER_PASSWORD, name: "Northwind Owner", tenantId, role: "admin" });
});
test.afterAll(() => sql.end());

async function fillCard(page: Page, values: { tenantId: string; clientId: string; secret: string }) {
  await page.getByLabel("Tenant ID").fill(values.tenantId);
  await page.getByLabel("Client ID").fill(values.clientId);
  await page.getByLabel("Client Secret").fill(values.secret);
}

async function testConnection(page: Page) {
  await page.getByRole("button", { name: "Test connection" }).click();
  return page.getByTestId("test-result");
}

test("the tenant admin fills the SSO card, sees each Test connection message, and turns SSO on", async ({ page }) => {
  await signInWithPassword(page, OWNER, OWNER_PASSWORD);
  await page.goto("/settings/sso");
  const status = page.getByTestId("sso-status");
  await expect(status).toHaveText("Not configured");
  await expect(page.getByLabel("Callback URL")).toHaveValue(/\/api\/v1\/auth\/callback\/t-northwind$/);

  await fillCard(page, { tenantId: "not-a-guid", clientId: NORTHWIND_SSO_CLIENT_ID, secret: NORTHWIND_SSO_SECRET });
  await page.getByRole("button", { name: "Save Microsoft Entra Settings" }).click();
  await expect(page.locator("#entraTenantId-error")).toHaveText(/Enter the Directory \(tenant\) ID/);
  expect(await sql`select 1 from tenant_sso_config where tenant_id = ${tenantId}`).toHaveLength(0);

  await fillCard(page, { tenantId: "0f0e0d0c-0b0a-4909-8807-060504030201", clientId: NORTHWIND_SSO_CLIENT_ID, secret: NORTHWIND_SSO_SECRET });
  await expect(await testConnection(page)).toHaveText("Tenant ID is invalid");

  await fillCard(page, { tenantId: NORTHWIND_TENANT_ID, clientId: "12345678-1234-4234-8234-123456789012", secret: NORTHWIND_SSO_SECRET });
  await expect(await testConnection(page)).toHaveText("Client ID was not found in this tenant");

  await fillCard(page, { tenantId: NORTHWIND_TENANT_ID, clientId: NORTHWIND_SSO_CLIENT_ID, secret: "wrong secret" });
  await expect(await testConnection(page)).toHaveText("Client secret is invalid");

  await fillCard(page, { tenantId: NORTHWIND_TENANT_ID, clientId: NORTHWIND_EXPIRED_CLIENT_ID, secret: NORTHWIND_EXPIRED_SECRET });
  await expect(await testConnection(page)).toHaveText("Client secret has expired");

  await fillCard(page, { tenantId: NORTHWIND_TENANT_ID, clientId: NORTHWIND_SSO_CLIENT_ID, secret: NORTHWIND_SSO_SECRET });
  await expect(await testConnection(page)).toHaveText("Connection verified");

  await page.getByRole("button", { name: "Save Microsoft Entra Settings" }).click();
  await expect(status).toHaveText("Configured · Toggle on to show the sign-in button");

  // The secret is write-only: not in the page, stored only encrypted; an empty field keeps it when saving again.
  await page.reload();
  expect(await page.content()).not.toContain(NORTHWIND_SSO_SECRET);
  await expect(page.getByLabel("Client Secret")).toHaveValue("");
  const [row] = await sql`select client_secret_encrypted from tenant_sso_config where tenant_id = ${tenantId}`;
  expect(row!.client_secret_encrypted).toMatch(/^v1\./);
  expect(row!.client_secret_encrypted).not.toContain(NORTHWIND_SSO_SECRET);

  // A secret that expires within 30 days is flagged on the card.
  const soon = new Date(Date.now() + 10.5 * 24 * 60 * 60 * 1000).toISOString().slice(0, 10);
  await page.getByLabel("Secret expires on (optional)").fill(soon);
  await page.getByRole("switch").check();
  await page.getByRole("button", { name: "Save Microsoft Entra Settings" }).click();
  await expect(status).toHaveText("Configured · Sign-in button visible on /login");
  await expect(page.getByRole("main").getByRole("alert").filter({ hasText: "The client secret expires in" })).toHaveText(/expires in 1[01] days/);
});

test("a Northwind user signs in through e-mail discovery and is created with the member role", async ({ page }) => {
  await page.goto("/login");
  await page.getByLabel("Email or username").fill(northwindUsers.omar.email);
  await page.getByRole("button", { name: "Continue" }).click();
  await page.getByRole("button", { name: "Continue with Microsoft Entra ID" }).click();
  await page.getByRole("button", { name: new RegExp(northwindUsers.omar.name) }).click();
  await expect(page).toHaveURL(/\/auth\/callback$/);
  await expect(page.getByRole("definition")).toHaveText([northwindUsers.omar.name, northwindUsers.omar.email, "Northwind", "Member"]);
});

test("a promotion to admin in Entra takes effect at the next sign-in", async ({ page }) => {
  await entraEmulatorAdmin().setUserRoles(NORTHWIND_TENANT_ID, NORTHWIND_SSO_CLIENT_ID, northwindUsers.omar.oid, ["Gatehouse.Admin"]);
  await page.goto(`/login?login_hint=${encodeURIComponent(northwindUsers.omar.email)}`);
  await page.getByRole("button", { name: new RegExp(northwindUsers.omar.name) }).click();
  await expect(page).toHaveURL(/\/auth\/callback$/);
  await expect(page.getByRole("definition")).toHaveText([northwindUsers.omar.name, northwindUsers.omar.email, "Northwind", "Admin"]);
  const rows = await sql`select m.role from tenant_membership m join "user" u on u.id = m.user_id where u.email = ${northwindUsers.omar.email}`;
  expect(rows.map((r) => r.role)).toEqual(["admin"]);
});

test("an account with no supported app role is refused and nothing is written", async ({ page }) => {
  await page.goto(`/login?login_hint=${encodeURIComponent(northwindUsers.pete.email)}`);
  await page.getByRole("button", { name: new RegExp(northwindUsers.pete.name) }).click();
  await expect(page.getByRole("main")).toContainText("This Microsoft Entra account is not assigned a supported app role");
  expect(await sql`select 1 from "user" where email = ${northwindUsers.pete.email}`).toHaveLength(0);
  expect(await sql`select 1 from account where provider_account_id like ${"%" + northwindUsers.pete.oid}`).toHaveLength(0);
});

test("a member of the tenant cannot open the SSO card", async ({ page }) => {
  await entraEmulatorAdmin().setUserRoles(NORTHWIND_TENANT_ID, NORTHWIND_SSO_CLIENT_ID, northwindUsers.omar.oid, ["Gatehouse.Member"]);
  await page.goto(`/login?login_hint=${encodeURIComponent(northwindUsers.omar.email)}`);
  await page.getByRole("button", { name: new RegExp(northwindUsers.omar.name) }).click();
  await expect(page.getByRole("definition").nth(3)).toHaveText("Member");
  const response = await page.goto("/settings/sso");
  expect(response?.status()).toBe(403);
  await expect(page.getByRole("heading", { name: "Only workspace admins can open settings" })).toBeVisible();
});
