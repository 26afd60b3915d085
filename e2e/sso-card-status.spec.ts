import { randomBytes } from "node:crypto";
import { expect, test } from "@playwright/test";
import { connectToTestDatabase } from "./support/database";
import { BASE_URL } from "./support/environment";
import { expectNoHorizontalScroll, PHONE } from "./support/layout";
import { createPasswordUser, signInWithPassword } from "./support/password-users";
import { NORTHWIND_SSO_CLIENT_ID, NORTHWIND_SSO_SECRET, NORTHWIND_TENANT_ID } from "./support/entra-test-seed";

/**
 * The SSO card's status tells the truth: SSO turned on with working credentials is not "visible on /login" until a
 * verified domain routes people to it, and says so when the secret's expiry has passed; the card lists the
 * workspace's domains with their state.
 */
const sql = connectToTestDatabase();
const run = randomBytes(3).toString("hex");
const OWNER = `owner@status-${run}.example`;
const PASSWORD = "status card owner passphrase";
const DOMAIN = `status-${run}.example`;
let tenantId: string;

test.beforeAll(async () => {
  const [tenant] = await sql`insert into tenant (id, key, name) values (${crypto.randomUUID()}, ${`status-${run}`}, 'Status Works') returning id`;
  tenantId = tenant!.id;
  await sql`insert into tenant_domain (domain, tenant_id) values (${DOMAIN}, ${tenantId})`;
  await createPasswordUser(sql, { login: OWNER, password: PASSWORD, name: "Status Owner", tenantId, role: "admin" });
});
test.afterAll(() => sql.end());

test("the status names what is missing, and the card lists the domains with their state", async ({ page }) => {
  await signInWithPassword(page, OWNER, PASSWORD);
  await page.goto("/settings/sso");
  await page.getByLabel("Tenant ID").fill(NORTHWIND_TENANT_ID);
  await page.getByLabel("Client ID").fill(NORTHWIND_SSO_CLIENT_ID);
  await page.getByLabel("Client Secret").fill(NORTHWIND_SSO_SECRET);
  await page.getByRole("switch").check();
  await page.getByRole("button", { name: "Save Microsoft Entra Settings" }).click();

  const status = page.getByTestId("sso-status");
  await expect(status).toHaveText("Configured · Not shown on /login: no verified domain routes people here yet");
  await expect(status).toHaveAttribute("data-tone", "attention");
  await expect(page.getByTestId("sso-domains")).toContainText(`${DOMAIN}Not verified yet · routes no one`);

  await sql`update tenant_domain set verified_at = now() where domain = ${DOMAIN}`;
  await page.reload();
  await expect(status).toHaveText("Configured · Sign-in button visible on /login");
  await expect(status).toHaveAttribute("data-tone", "active");
  await expect(page.getByTestId("sso-domains")).toContainText(`${DOMAIN}Verified · routes its addresses to this sign-in`);

  await sql`update tenant_sso_config set client_secret_expires_at = now() - interval '1 day' where tenant_id = ${tenantId}`;
  await page.reload();
  await expect(status).toHaveText("Configured · Sign-in fails: the client secret has expired");
  await expect(status).toHaveAttribute("data-tone", "failing");
  // Each tone has its own colour: the pill's background differs from one state to the next.
  const failingColour = await status.evaluate((element) => getComputedStyle(element).backgroundColor);
  await sql`update tenant_sso_config set client_secret_expires_at = null where tenant_id = ${tenantId}`;
  await page.reload();
  await expect(status).toHaveAttribute("data-tone", "active");
  expect(await status.evaluate((element) => getComputedStyle(element).backgroundColor)).not.toBe(failingColour);
});

for (const viewport of [null, PHONE]) {
  test(`the enable switch sits at the top of the card and works from the keyboard (${viewport ? "390 px" : "desktop"})`, async ({ browser }) => {
    // SSO on, set up, with the domain not yet verified: the owner still signs in with a password.
    await sql`update tenant_domain set verified_at = null where domain = ${DOMAIN}`;
    await sql`insert into tenant_sso_config (tenant_id, kind, entra_tenant_id, client_id, client_secret_encrypted, enabled)
              values (${tenantId}, 'entra', ${NORTHWIND_TENANT_ID}, ${NORTHWIND_SSO_CLIENT_ID}, 'kept-as-is', true)
              on conflict (tenant_id) do update set enabled = true`;
    const context = await browser.newContext({ baseURL: BASE_URL, ...(viewport ? { viewport } : {}) });
    const page = await context.newPage();
    await signInWithPassword(page, OWNER, PASSWORD);
    await page.goto("/settings/sso");
    const toggle = page.getByRole("switch", { name: /on \/login for this workspace's domains/ });
    const firstField = page.getByLabel("Tenant ID");
    // At the top: above the card's first field.
    expect((await toggle.boundingBox())!.y).toBeLessThan((await firstField.boundingBox())!.y);
    await expectNoHorizontalScroll(page);

    await expect(toggle).toHaveAttribute("aria-checked", "true");
    await toggle.focus();
    await page.keyboard.press("Space");
    await expect(toggle).toHaveAttribute("aria-checked", "false");
    await page.keyboard.press("Enter");
    await expect(toggle).toHaveAttribute("aria-checked", "true");

    // Turning it off and saving reaches the server: the status reads off, in the off colour.
    await toggle.uncheck();
    await page.getByRole("button", { name: "Save Microsoft Entra Settings" }).click();
    await expect(page.getByTestId("sso-status")).toHaveText("Configured · Toggle on to show the sign-in button");
    await expect(page.getByTestId("sso-status")).toHaveAttribute("data-tone", "off");
    expect(await sql`select enabled from tenant_sso_config where tenant_id = ${tenantId}`).toEqual([{ enabled: false }]);
    await context.close();
  });
}
