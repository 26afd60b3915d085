import { expect, test } from "@playwright/test";
import { connectToTestDatabase } from "./support/database";
import { staff } from "./support/entra-test-seed";
import { expectNoHorizontalScroll, PHONE } from "./support/layout";
import { createPasswordUser, submitPasswordSignIn } from "./support/password-users";
import { signInAsStaff } from "./support/staff";

/**
 * The console as a support engineer uses it: a person reads a reference off an error page and support finds that
 * event; people are found by name or e-mail even without a workspace; the pages work on a 390 px phone.
 */
const sql = connectToTestDatabase();
const PASSWORD = "support console passphrase";
let tenantId: string;
let adminId: string;

test.describe.configure({ mode: "serial" });

test.beforeAll(async () => {
  const [tenant] = await sql`insert into tenant (id, key, name) values (${crypto.randomUUID()}, 'fourthcoffee', 'Fourth Coffee') returning id`;
  tenantId = tenant!.id;
  adminId = await createPasswordUser(sql, { login: "frank@fourthcoffee.example", password: PASSWORD, name: "Frank Fourth", tenantId, role: "admin" });
  await sql`insert into "user" (id, name, email) values (${crypto.randomUUID()}, 'Nadia Noworkspace', 'nadia@nowhere.example')`;
  // A tenant admin's action whose event keeps only the admin's id, as Settings writes them.
  await sql`insert into audit_event (id, reference, occurred_at, kind, outcome, actor_type, actor_id, tenant_id, detail)
            values (${crypto.randomUUID()}, 'GH-TEST-ADM1', now(), 'sso.config_saved', 'success', 'user', ${adminId}, ${tenantId}, ${sql.json({ kind: "entra", enabled: false })})`;
});
test.afterAll(() => sql.end());


test("support finds the event a person quotes from an error page by its reference, typed loosely", async ({ page, browser }) => {
  const person = await browser.newPage();
  await submitPasswordSignIn(person, "frank@fourthcoffee.example", "not the password at all");
  const shown = (await person.getByText(/Reference: GH-/).textContent())!;
  const reference = /GH-[A-Z0-9]{4}-[A-Z0-9]{4}/.exec(shown)![0];
  await person.close();

  await signInAsStaff(page, staff.sam.name);
  await page.goto("/manage/audit");
  await page.getByLabel("Reference (GH-…)").fill(` ${reference.toLowerCase()} `);
  await page.getByRole("button", { name: "Filter" }).click();
  const rows = page.getByTestId("audit-table").locator("tbody tr");
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toContainText(reference);
  await expect(rows.first()).toContainText("sign_in.password");
});

test("an admin's action names the admin and the tenant, both linked, with its detail on one line until opened", async ({ page }) => {
  await signInAsStaff(page, staff.sam.name);
  await page.goto("/manage/audit?reference=GH-TEST-ADM1");
  const row = page.getByTestId("audit-table").locator("tbody tr").first();
  await expect(row.getByRole("link", { name: "Frank Fourth" })).toHaveAttribute("href", `/manage/users/${adminId}`);
  await expect(row.getByRole("link", { name: "Fourth Coffee" })).toHaveAttribute("href", `/manage/tenants/${tenantId}`);
  const pretty = row.locator("details pre");
  await expect(pretty).toBeHidden();
  await row.locator("details summary").click();
  await expect(pretty).toBeVisible();
  await expect(pretty).toContainText('"enabled": false');
});

test("support finds a person by name or e-mail, including someone with no workspace", async ({ page }) => {
  await signInAsStaff(page, staff.sam.name);
  await page.getByRole("link", { name: "Users", exact: true }).click();
  await page.getByLabel("Search users").fill("NOWHERE.example");
  await page.getByRole("button", { name: "Search" }).click();
  const row = page.getByRole("row", { name: /Nadia Noworkspace/ });
  await expect(row).toContainText("None");
  await row.getByRole("link", { name: "Nadia Noworkspace" }).click();
  await expect(page.getByRole("heading", { name: "Nadia Noworkspace" })).toBeVisible();
  // Staff.Support reads; ending sessions is Staff.Admin's.
  await expect(page.getByRole("button", { name: "End all sessions" })).toHaveCount(0);
});

test("Staff.Support opening an admin-only page sees the console's own 403, inside the console", async ({ page }) => {
  await signInAsStaff(page, staff.sam.name);
  await page.goto("/manage/tenants/new");
  await expect(page.getByTestId("console-forbidden")).toContainText("403");
  await expect(page.getByTestId("console-forbidden")).toContainText("read-only: this action needs Staff.Admin");
  await expect(page.getByTestId("staff-identity")).toContainText("Sam Support");
});

test("Staff.Admin sees 'End all sessions' disabled for someone with no session", async ({ page }) => {
  await signInAsStaff(page, staff.olivia.name);
  await page.goto("/manage/users?q=nadia");
  await page.getByRole("link", { name: "Nadia Noworkspace" }).click();
  await expect(page.getByRole("button", { name: "End all sessions" })).toBeDisabled();
});

test("the console's pages do not scroll sideways on a 390 px phone", async ({ page }) => {
  await page.setViewportSize(PHONE);
  await signInAsStaff(page, staff.olivia.name);
  for (const path of ["/manage", "/manage/users", "/manage/audit", `/manage/tenants/${tenantId}`, `/manage/users/${adminId}`, "/manage/tenants/new"]) {
    await page.goto(path);
    await expect(page.getByTestId("staff-identity")).toBeVisible();
    await expectNoHorizontalScroll(page);
  }
});
