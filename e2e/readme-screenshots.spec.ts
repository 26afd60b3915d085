import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { expect, test, type Page } from "@playwright/test";
import { connectToTestDatabase } from "./support/database";
import { BASE_URL, E2E_ENTRA_PORT } from "./support/environment";
import { NORTHWIND_SSO_CLIENT_ID, NORTHWIND_SSO_SECRET, NORTHWIND_TENANT_ID, staff } from "./support/entra-test-seed";
import { createPasswordUser, signInWithPassword } from "./support/password-users";
import { signInAsStaff } from "./support/staff";

/**
 * The README's screenshots, taken from the running product so they stay current: the sign-in page, the SSO card
 * and the console, at one fixed viewport. Nothing is compared with an earlier picture, so a changed pixel never
 * fails a run; each picture is taken once the page shows what it is meant to show. The run's random ports would
 * change every picture, so the addresses shown are those of a deployment: an unchanged page gives unchanged bytes.
 */
const sql = connectToTestDatabase();
const SHOTS = join(process.cwd(), "docs", "screenshots");
const PASSWORD = "readme screenshots passphrase";
const ADMIN = "dana@fabrikam-docs.example";

test.use({ viewport: { width: 1280, height: 800 }, colorScheme: "light" });
test.describe.configure({ mode: "serial" });

test.beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  // A fixed creation time, which the console shows: the picture changes only when the page does.
  const [tenant] = await sql`insert into tenant (id, key, name, created_at) values (${crypto.randomUUID()}, 'fabrikam-docs', 'Fabrikam', '2026-01-15T09:30:00Z') returning id`;
  await sql`insert into tenant_domain (domain, tenant_id, verified_at) values ('fabrikam-docs.example', ${tenant!.id}, now())`;
  await createPasswordUser(sql, { login: ADMIN, password: PASSWORD, name: "Dana Admin", tenantId: tenant!.id, role: "admin" });
});
test.afterAll(() => sql.end());

const SHOWN_ADDRESSES: [string, string][] = [
  [BASE_URL, "https://id.example.com"],
  [`https://localhost:${E2E_ENTRA_PORT}`, "https://login.microsoftonline.com"],
];

/** Shows deployment addresses in place of the run's, in text and in form fields. */
async function showDeploymentAddresses(page: Page): Promise<void> {
  await page.evaluate((pairs) => {
    const swap = (text: string) => pairs.reduce((t, [from, to]) => t.replaceAll(from, to), text);
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) if (node.nodeValue) node.nodeValue = swap(node.nodeValue);
    for (const field of document.querySelectorAll("input")) field.value = swap(field.value);
  }, SHOWN_ADDRESSES);
}

test("the sign-in page", async ({ page }) => {
  await page.goto("/login");
  await expect(page.getByLabel("Email or username")).toBeVisible();
  await showDeploymentAddresses(page);
  await page.screenshot({ path: join(SHOTS, "sign-in.png"), animations: "disabled" });
});

test("the SSO card, configured and visible on /login", async ({ page }) => {
  await signInWithPassword(page, ADMIN, PASSWORD);
  await page.goto("/settings/sso");
  await page.getByLabel("Tenant ID").fill(NORTHWIND_TENANT_ID);
  await page.getByLabel("Client ID").fill(NORTHWIND_SSO_CLIENT_ID);
  await page.getByLabel("Client Secret").fill(NORTHWIND_SSO_SECRET);
  await page.getByRole("switch").check();
  await page.getByRole("button", { name: "Test connection" }).click();
  await expect(page.getByTestId("test-result")).toBeVisible();
  await page.getByRole("button", { name: "Save Microsoft Entra Settings" }).click();
  await expect(page.getByTestId("sso-status")).toHaveText("Configured · Sign-in button visible on /login");
  await showDeploymentAddresses(page);
  await page.getByRole("main").screenshot({ path: join(SHOTS, "sso-card.png"), animations: "disabled" });
});

test("the console's tenant list", async ({ page }) => {
  await signInAsStaff(page, staff.olivia.name);
  await page.goto("/manage?q=fabrikam-docs");
  await expect(page.getByRole("link", { name: "Fabrikam" })).toBeVisible();
  await showDeploymentAddresses(page);
  await page.screenshot({ path: join(SHOTS, "console.png"), animations: "disabled" });
});
