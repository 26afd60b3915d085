import { randomBytes } from "node:crypto";
import { join } from "node:path";
import { expect, test, type Page } from "@playwright/test";
import type postgres from "postgres";
import { encryptSecret, secretKey } from "@/lib/crypto/secret-box";
import { hashPassword } from "@/lib/auth/password-hash";
import { entraEmulatorAdmin } from "./support/entra";
import { CONTOSO_TENANT_ID, NORTHWIND_TENANT_ID, northwindUsers, users } from "./support/entra-test-seed";
import { createDedicatedDatabase } from "./support/dedicated-database";
import { E2E_ENTRA_PORT, E2E_ENTRA_STATE_DIR } from "./support/environment";
import { freePort, spawnGatehouse, type RunningServer } from "./support/spawn-server";

/**
 * AUTH_POLICY=restricted on a server of its own (its own database, Entra apps registered for its port), with
 * AUTH_ALLOWED_EMAIL_DOMAINS=contoso.example,northwind.example. The same database is first served under the
 * standard policy, to show that a restart into restricted mode ends the sessions that no longer pass.
 */
let database: Awaited<ReturnType<typeof createDedicatedDatabase>>;
let sql: postgres.Sql;
const ENCRYPTION_KEY = randomBytes(32).toString("base64url");
const PLATFORM_APP = { clientId: "8b1d5c3e-2f4a-4b6c-9d8e-7f6a5b4c3d2e", secret: "restricted-platform-secret~e2e-only" };
const SSO_APP = { clientId: "9c2e6d4f-3a5b-4c7d-8e9f-8a7b6c5d4e3f", secret: "restricted-sso-secret~e2e-only" };
const quinn = { oid: "3a4b5c6d-7e8f-4a9b-8c0d-2e3f4a5b6c7d", name: "Quinn Labs", preferredUsername: "quinn@northwind-labs.example", email: "quinn@northwind-labs.example", emailDomainVerified: true };
const uri = { oid: "4b5c6d7e-8f9a-4b0c-9d1e-3f4a5b6c7d8e", name: "Uri Elsewhere", preferredUsername: "uri@elsewhere.example", email: "uri@elsewhere.example", emailDomainVerified: true };
const vic = { oid: "5c6d7e8f-9a0b-4c1d-8e2f-4a5b6c7d8e9f", name: "Vic Unverified", preferredUsername: "vic@contoso.example", email: "vic@contoso.example", emailDomainVerified: false };
const CAROL_PASSWORD = "carol's long passphrase";
const ADMIN_PASSWORD = "a new break glass passphrase";

let port: number;
let server: RunningServer | undefined;
const baseSettings = () => ({
  PORT: String(port),
  DATABASE_URL: database.url,
  SECRET_ENCRYPTION_KEY: ENCRYPTION_KEY,
  MS_AUTHORITY_HOST: `https://localhost:${E2E_ENTRA_PORT}`,
  MS_CLIENT_ID: PLATFORM_APP.clientId,
  MS_CLIENT_SECRET: PLATFORM_APP.secret,
  NODE_EXTRA_CA_CERTS: join(E2E_ENTRA_STATE_DIR, "ca.pem"),
});
const restricted = () => ({ ...baseSettings(), AUTH_POLICY: "restricted", AUTH_ALLOWED_EMAIL_DOMAINS: "contoso.example,northwind.example" });

test.describe.configure({ mode: "serial" });

test.beforeAll(async () => {
  test.setTimeout(120_000);
  database = await createDedicatedDatabase("restricted");
  sql = database.sql;
  port = await freePort();
  const origin = `http://localhost:${port}`;
  const entra = entraEmulatorAdmin();
  await entra.addApp(CONTOSO_TENANT_ID, {
    clientId: PLATFORM_APP.clientId,
    displayName: "Gatehouse restricted (e2e)",
    secrets: [{ value: PLATFORM_APP.secret }],
    redirectUris: [`${origin}/api/v1/auth/callback/microsoft-entra-id`],
    multiTenant: true,
  });
  await entra.addUser(CONTOSO_TENANT_ID, vic);
  await entra.addUser(NORTHWIND_TENANT_ID, quinn);
  await entra.addUser(NORTHWIND_TENANT_ID, uri);
  await entra.addApp(NORTHWIND_TENANT_ID, {
    clientId: SSO_APP.clientId,
    displayName: "Northwind SSO for the restricted Gatehouse",
    secrets: [{ value: SSO_APP.secret }],
    redirectUris: [`${origin}/api/v1/auth/callback/t-northwind-r`],
    roleAssignments: { [northwindUsers.nina.oid]: ["Gatehouse.Admin"], [quinn.oid]: ["Gatehouse.Admin"], [uri.oid]: ["Gatehouse.Member"] },
  });

  // Standard policy first: Carol signs in with her password (the session the restart must end).
  server = await spawnGatehouse(baseSettings());
  const [tenant] = await sql`insert into tenant (id, key, name) values (${crypto.randomUUID()}, 'northwind-r', 'Northwind (restricted)') returning id`;
  const tenantId = tenant!.id as string;
  await sql`insert into tenant_domain (domain, tenant_id, verified_at) values ('northwind.example', ${tenantId}, now()), ('northwind-labs.example', ${tenantId}, now())`;
  await sql`insert into tenant_sso_config (tenant_id, kind, entra_tenant_id, client_id, client_secret_encrypted, enabled)
    values (${tenantId}, 'entra', ${NORTHWIND_TENANT_ID}, ${SSO_APP.clientId},
      ${encryptSecret(SSO_APP.secret, tenantId, secretKey(new Uint8Array(Buffer.from(ENCRYPTION_KEY, "base64url"))))}, true)`;
  const [carol] = await sql`insert into "user" (id, name, email) values (${crypto.randomUUID()}, 'Carol Contoso', 'carol@contoso.example') returning id`;
  await sql`insert into password_credential (user_id, login, hash) values (${carol!.id}, 'carol@contoso.example', ${await hashPassword(CAROL_PASSWORD)})`;
  await sql`insert into tenant_membership (user_id, tenant_id, role) values (${carol!.id}, ${tenantId}, 'member')`;
});

test.afterAll(async () => {
  await server?.stop();
  await database.drop();
});

const alertOf = (page: Page) => page.locator('[role="alert"]:not(#__next-route-announcer__)');
const url = (path: string) => `http://localhost:${port}${path}`;

async function typeEmail(page: Page, login: string) {
  await page.goto(url("/login"));
  await page.getByLabel("Email or username").fill(login);
  await page.getByRole("button", { name: "Continue" }).click();
}

async function expectDomainRefusal(page: Page) {
  await expect(page).toHaveURL(/\/error\?code=domain_not_allowed&ref=GH-/);
  await expect(page.getByText("Your email domain is not allowed to sign in here")).toBeVisible();
  await expect(page.getByText(/GH-[A-Z0-9]{4}-[A-Z0-9]{4}/)).toBeVisible();
}

test("start-up refuses AUTH_POLICY=restricted without AUTH_ALLOWED_EMAIL_DOMAINS", async () => {
  const attempt = spawnGatehouse({ ...baseSettings(), PORT: String(await freePort()), AUTH_POLICY: "restricted" });
  await expect(attempt).rejects.toThrow(/AUTH_ALLOWED_EMAIL_DOMAINS is required when AUTH_POLICY=restricted/);
});

test("a password session made under the standard policy ends at its next request after a restart into restricted", async ({ page }) => {
  await typeEmail(page, "carol@contoso.example");
  await page.getByLabel("Password", { exact: true }).fill(CAROL_PASSWORD);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(page).toHaveURL(/\/auth\/callback$/);

  await server!.stop();
  server = await spawnGatehouse(restricted());
  await page.goto(url("/auth/callback"));
  await expect(page).toHaveURL(/\/login$/);
  expect(await sql`select 1 from session s join "user" u on u.id = s.user_id where u.email = 'carol@contoso.example'`).toHaveLength(0);
});

test("the password form is hidden for an e-mail, and refused by the server even when forced", async ({ page }) => {
  await typeEmail(page, "carol@contoso.example");
  await expect(page.getByTestId("password-not-allowed")).toHaveText("Password sign-in is turned off here. Sign in with your organization's Microsoft account.");
  await expect(page.getByLabel("Password", { exact: true })).toHaveCount(0);
  await expect(page.getByRole("button", { name: "Sign in with Microsoft" })).toBeVisible();

  // The break-glass admin's password step, with the login swapped for Carol's: the server still says no.
  await typeEmail(page, "admin");
  await page.locator('input[type="hidden"][name="login"]').evaluate((input: HTMLInputElement) => (input.value = "carol@contoso.example"));
  await page.getByLabel("Password", { exact: true }).fill(CAROL_PASSWORD);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(alertOf(page)).toContainText("Password sign-in is turned off here");
  expect(await sql`select 1 from session`).toHaveLength(0);
  const [event] = await sql`select detail from audit_event where kind = 'sign_in.password' and actor_label = 'carol@contoso.example' order by occurred_at desc limit 1`;
  expect(event!.detail).toMatchObject({ reason: "password_not_allowed" });
});

test("the break-glass admin keeps working", async ({ page }) => {
  await typeEmail(page, "admin");
  await page.getByLabel("Password", { exact: true }).fill("admin");
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(page).toHaveURL(/\/change-password$/);
  await page.getByLabel("New password", { exact: true }).fill(ADMIN_PASSWORD);
  await page.getByLabel("Confirm new password").fill(ADMIN_PASSWORD);
  await page.getByRole("button", { name: /password/i }).click();
  await expect(page).toHaveURL(/\/auth\/callback$/);
});

test("platform Microsoft: an allowed, vouched domain signs in; an off-list domain and an unverified e-mail are refused before anything is written", async ({ page, context }) => {
  await page.goto(url("/api/v1/auth/microsoft/login"));
  await page.getByRole("button", { name: new RegExp(users.lee.name) }).click();
  await expectDomainRefusal(page);
  const [refusal] = await sql`select detail from audit_event where kind = 'sign_in.microsoft' and outcome = 'failure' order by occurred_at desc limit 1`;
  expect(refusal!.detail).toMatchObject({ reason: "domain_not_allowed", domain: "fabrikam.example" });

  await context.clearCookies();
  await page.goto(url("/api/v1/auth/microsoft/login"));
  await page.getByRole("button", { name: new RegExp(vic.name) }).click();
  await expectDomainRefusal(page);
  const [unverified] = await sql`select detail from audit_event where kind = 'sign_in.microsoft' and outcome = 'failure' order by occurred_at desc limit 1`;
  expect(unverified!.detail).toMatchObject({ reason: "email_unverified", domain: "contoso.example" });
  expect(await sql`select 1 from account where provider_account_id like ${"%:" + users.lee.oid} or provider_account_id like ${"%:" + vic.oid}`).toHaveLength(0);

  await context.clearCookies();
  await page.goto(url("/api/v1/auth/microsoft/login"));
  await page.getByRole("button", { name: new RegExp(users.megan.name) }).click();
  await expect(page).toHaveURL(/\/workspace\/new$/);
});

test("tenant SSO: an allowed domain signs in; a tenant-verified but off-list domain and an e-mail the tenant does not vouch for are refused", async ({ page, context }) => {
  await typeEmail(page, quinn.email);
  await page.getByRole("button", { name: "Continue with Microsoft Entra ID" }).click();
  await page.getByRole("button", { name: new RegExp(quinn.name) }).click();
  await expectDomainRefusal(page);

  await context.clearCookies();
  await page.goto(url(`/api/v1/auth/sso/northwind-r/login?login_hint=${encodeURIComponent(uri.email)}`));
  await page.getByRole("button", { name: new RegExp(uri.name) }).click();
  await expectDomainRefusal(page);
  const [event] = await sql`select detail from audit_event where kind = 'sign_in.tenant_sso' and outcome = 'failure' order by occurred_at desc limit 1`;
  expect(event!.detail).toMatchObject({ reason: "email_unverified" });
  expect(await sql`select 1 from account where provider = 't-northwind-r'`).toHaveLength(0);

  await context.clearCookies();
  await typeEmail(page, northwindUsers.nina.email);
  await page.getByRole("button", { name: "Continue with Microsoft Entra ID" }).click();
  await page.getByRole("button", { name: new RegExp(northwindUsers.nina.name) }).click();
  await expect(page).toHaveURL(/\/auth\/callback$/);
  await expect(page.getByRole("definition")).toHaveText(["Nina Northwind", "nina@northwind.example", "Northwind (restricted)", "Admin"]);
});
