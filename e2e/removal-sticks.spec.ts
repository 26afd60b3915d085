import { randomBytes } from "node:crypto";
import { expect, test, type Page } from "@playwright/test";
import { connectToTestDatabase } from "./support/database";
import { entraEmulatorAdmin } from "./support/entra";
import { CONTOSO_TENANT_ID, FABRIKAM_TENANT_ID, PLATFORM_CLIENT_ID } from "./support/entra-test-seed";
import { createPasswordUser, signInWithPassword } from "./support/password-users";

/**
 * Removal sticks: Rita joins Rivet Works by its verified domain (Entra vouches for her address), an admin removes
 * her, and her next Microsoft sign-in is refused with a sentence naming the workspace — not re-admitted by the rule.
 */
const sql = connectToTestDatabase();
const run = randomBytes(3).toString("hex");
const DOMAIN = `rivet-${run}.example`;
const ADMIN = `ada@${DOMAIN}`;
const PASSWORD = "rivet works admin passphrase";
const rita = { oid: crypto.randomUUID(), name: `Rita Rivet ${run}`, preferredUsername: `rita@${DOMAIN}`, email: `rita@${DOMAIN}`, emailDomainVerified: true };
let tenantId: string;

test.describe.configure({ mode: "serial" });

test.beforeAll(async () => {
  const [tenant] = await sql`insert into tenant (id, key, name) values (${crypto.randomUUID()}, ${`rivet-${run}`}, 'Rivet Works') returning id`;
  tenantId = tenant!.id;
  await sql`insert into tenant_domain (domain, tenant_id, verified_at) values (${DOMAIN}, ${tenantId}, now())`;
  await createPasswordUser(sql, { login: ADMIN, password: PASSWORD, name: "Ada Admin", tenantId, role: "admin" });
  const entra = entraEmulatorAdmin();
  await entra.addUser(FABRIKAM_TENANT_ID, rita);
  // The platform app requires assignment (as the test directory registers it): Rita is assigned like everyone else.
  await entra.setUserRoles(CONTOSO_TENANT_ID, PLATFORM_CLIENT_ID, rita.oid, ["User"]);
});
test.afterAll(() => sql.end());

async function signInWithMicrosoftAs(page: Page, name: string) {
  await page.goto("/login");
  await page.getByRole("button", { name: "Sign in with Microsoft" }).click();
  await page.getByRole("button", { name: new RegExp(name) }).click();
}

test("a removed user's next Microsoft sign-in is refused with a message naming the workspace, and both are audited", async ({ page, browser }) => {
  const ritaContext = await browser.newContext();
  const ritaPage = await ritaContext.newPage();
  await signInWithMicrosoftAs(ritaPage, rita.name);
  await expect(ritaPage).toHaveURL(/\/auth\/callback$/);
  await expect(ritaPage.getByRole("definition")).toHaveText([rita.name, rita.email, "Rivet Works", "Member"]);
  await ritaContext.clearCookies();

  await signInWithPassword(page, ADMIN, PASSWORD);
  await page.goto("/settings/users");
  await page.getByRole("button", { name: `Remove ${rita.name}` }).click();
  const dialog = page.getByRole("dialog", { name: `Remove ${rita.name}?` });
  await expect(dialog).toContainText("Signing in again does not bring them back");
  await dialog.getByRole("button", { name: "Remove user" }).click();
  await expect(dialog).toBeHidden();

  await signInWithMicrosoftAs(ritaPage, rita.name);
  await expect(ritaPage).toHaveURL(/\/login\?/);
  const alert = ritaPage.getByRole("alert").filter({ hasText: "You were removed" });
  await expect(alert).toContainText("You were removed from Rivet Works. Ask an admin to invite you again.");
  await expect(alert).toContainText(/Reference: GH-/);
  expect(await sql`select 1 from tenant_membership m join "user" u on u.id = m.user_id where u.email = ${rita.email}`).toHaveLength(0);
  expect(await sql`select 1 from session s join "user" u on u.id = s.user_id where u.email = ${rita.email}`).toHaveLength(0);
  const events = await sql`select kind, outcome, detail from audit_event where tenant_id = ${tenantId} and (kind = 'tenant.user_removed' or outcome = 'failure') order by occurred_at`;
  expect(events.map((e) => [e.kind, e.outcome])).toEqual([
    ["tenant.user_removed", "success"],
    ["sign_in.microsoft", "failure"],
  ]);
  expect(events[1]!.detail).toMatchObject({ reason: "removed" });
  await ritaContext.close();
});
