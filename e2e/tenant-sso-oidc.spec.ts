import { expect, test } from "@playwright/test";
import { connectToTestDatabase } from "./support/database";
import { E2E_ENTRA_PORT } from "./support/environment";
import { TAILSPIN_CLIENT_ID, TAILSPIN_SECRET, TAILSPIN_TENANT_ID, tina } from "./support/entra-test-seed";
import { createPasswordUser, signInWithPassword } from "./support/password-users";

const sql = connectToTestDatabase();
test.afterAll(() => sql.end());

test("a workspace signs its domain in through a generic OpenID Connect issuer, validated when saved", async ({ page, browser }) => {
  const [tenant] = await sql`insert into tenant (id, key, name) values (${crypto.randomUUID()}, 'tailspin', 'Tailspin') returning id`;
  await sql`insert into tenant_domain (domain, tenant_id, verified_at) values ('tailspin.example', ${tenant!.id}, now())`;
  await createPasswordUser(sql, { login: "tailspin-owner", password: "tailspin owner passphrase", tenantId: tenant!.id, role: "admin" });
  await signInWithPassword(page, "tailspin-owner", "tailspin owner passphrase");
  await page.goto("/settings/sso");
  await page.getByLabel("Other OpenID Connect provider").check();

  // An issuer whose discovery document names another issuer is refused beside the field, and nothing is saved.
  const issuer = `https://localhost:${E2E_ENTRA_PORT}/${TAILSPIN_TENANT_ID}/v2.0`;
  await page.getByLabel("Issuer URL").fill(`https://localhost:${E2E_ENTRA_PORT}/organizations/v2.0`);
  await page.getByLabel("Client ID").fill(TAILSPIN_CLIENT_ID);
  await page.getByLabel("Client Secret").fill(TAILSPIN_SECRET);
  await page.getByRole("button", { name: "Save Microsoft Entra Settings" }).click();
  await expect(page.locator("#issuerUrl-error")).toContainText("The discovery document names another issuer");
  expect(await sql`select 1 from tenant_sso_config where tenant_id = ${tenant!.id}`).toHaveLength(0);

  await page.getByLabel("Issuer URL").fill(issuer);
  await page.getByRole("button", { name: "Test connection" }).click();
  await expect(page.getByTestId("test-result")).toHaveText("Connection verified");
  await page.getByRole("switch").check();
  await page.getByRole("button", { name: "Save Microsoft Entra Settings" }).click();
  await expect(page.getByTestId("sso-status")).toHaveText("Configured · Sign-in button visible on /login");

  const visitor = await browser.newPage({ ignoreHTTPSErrors: true });
  await visitor.goto(`/login?login_hint=${encodeURIComponent(tina.email)}`);
  await visitor.getByRole("button", { name: new RegExp(tina.name) }).click();
  await expect(visitor).toHaveURL(/\/auth\/callback$/);
  await expect(visitor.getByRole("definition")).toHaveText([tina.name, tina.email, "Tailspin", "Member"]);
  const [account] = await sql`select provider, provider_account_id from account where provider = 't-tailspin'`;
  expect(account!.provider_account_id).toMatch(new RegExp(`^${issuer.replace(/[/.]/g, "\\$&")}#`));
  await visitor.close();
});
