import { expect, test, type Page } from "@playwright/test";
import { BASE_URL } from "./support/environment";
import { connectToTestDatabase } from "./support/database";
import { staff } from "./support/entra-test-seed";
import { createPasswordUser, signInWithPassword, submitPasswordSignIn } from "./support/password-users";
import { signInAsStaff, startStaffSignIn } from "./support/staff";

const sql = connectToTestDatabase();
/** The page's alert (not Next.js's empty route announcer, which also has role=alert). */
const alertOf = (page: Page) => page.locator('[role="alert"]:not(#__next-route-announcer__)');
const PASSWORD = "console test passphrase";
let tenantId: string;
let userId: string;

test.describe.configure({ mode: "serial" });

test.beforeAll(async () => {
  const [tenant] = await sql`insert into tenant (id, key, name) values (${crypto.randomUUID()}, 'woodgrove', 'Woodgrove Bank') returning id`;
  tenantId = tenant!.id;
  await sql`insert into tenant_domain (domain, tenant_id) values ('woodgrove.example', ${tenantId})`;
  userId = await createPasswordUser(sql, { login: "wendy@woodgrove.example", password: PASSWORD, name: "Wendy Woodgrove", tenantId, role: "admin" });
});
test.afterAll(() => sql.end());

test("a staff account with neither staff role is refused and nothing is written for it", async ({ page }) => {
  await startStaffSignIn(page, staff.nico.name);
  await expect(page).toHaveURL(/\/manage\/sign-in\?error=staff_no_role/);
  await expect(alertOf(page)).toContainText("not assigned a Gatehouse staff role");
  await expect(alertOf(page)).toContainText(/Reference: GH-/);
  expect(await sql`select 1 from staff_account where provider_account_id like ${"%:" + staff.nico.oid}`).toHaveLength(0);
  // Nico holds no staff session (other test files' staff may: the server is shared).
  const sessionsBefore = await sql`select session_token from staff_session`;
  await startStaffSignIn(page, staff.nico.name);
  expect(await sql`select session_token from staff_session`).toEqual(sessionsBefore);
});

test("Staff.Support reads tenants, a tenant and the audit log, and is refused every change", async ({ page }) => {
  await signInAsStaff(page, staff.sam.name);
  await expect(page.getByTestId("staff-identity")).toHaveText("Sam Support · Staff.Support");
  await page.getByLabel("Search tenants").fill("woodgrove");
  await page.getByRole("button", { name: "Search" }).click();
  const row = page.getByRole("row", { name: /Woodgrove Bank/ });
  await expect(row).toContainText("Not configured");
  await expect(row).toContainText("woodgrove.example (unverified)");
  await expect(page.getByRole("link", { name: "Create tenant" })).toHaveCount(0);
  await row.getByRole("link", { name: "Woodgrove Bank" }).click();
  await expect(page.getByTestId("tenant-status")).toHaveText("Active");
  await expect(page.getByRole("row", { name: /Wendy Woodgrove/ })).toContainText("wendy@woodgrove.example");
  await expect(page.getByRole("button", { name: "Disable tenant" })).toHaveCount(0);

  // The server refuses, not only the page: the same request Staff.Admin's button sends.
  const refused = await page.request.patch(`/api/v1/manage/tenants/${tenantId}`, { data: { status: "disabled" }, headers: { origin: BASE_URL } });
  expect(refused.status()).toBe(403);
  expect((await refused.json()).message).toContain("read-only");
  const [tenant] = await sql`select status from tenant where id = ${tenantId}`;
  expect(tenant!.status).toBe("active");

  await page.getByRole("link", { name: "Audit log", exact: true }).click();
  await page.getByLabel("Kind (e.g. sign_in)").fill("staff.sign_in");
  await page.getByRole("button", { name: "Filter" }).click();
  await expect(page.getByTestId("audit-table")).toContainText("sam@ops.example");
});

test("Staff.Admin verifies a domain, and disabling the tenant ends a live session and stops sign-in", async ({ page, browser }) => {
  const wendy = await browser.newContext();
  const wendyPage = await wendy.newPage();
  await signInWithPassword(wendyPage, "wendy@woodgrove.example", PASSWORD);

  await signInAsStaff(page, staff.olivia.name);
  await page.goto(`/manage/tenants/${tenantId}`);
  await page.getByRole("button", { name: "Verify woodgrove.example" }).click();
  await expect(page.getByTestId("tenant-domains")).toContainText("Verified");
  // The console asks in the page, not with the browser's confirm; "Cancel" changes nothing.
  await page.getByRole("button", { name: "Disable tenant" }).click();
  const asked = page.getByRole("alertdialog");
  await expect(asked).toContainText("Its users are signed out now");
  await asked.getByRole("button", { name: "Cancel" }).click();
  await expect(page.getByTestId("tenant-status")).toHaveText("Active");
  await page.getByRole("button", { name: "Disable tenant" }).click();
  await page.getByRole("alertdialog").getByRole("button", { name: "Yes, disable tenant" }).click();
  await expect(page.getByTestId("tenant-status")).toHaveText("Disabled");
  await expect(page.getByRole("status")).toContainText("is disabled: its users were signed out.");

  await wendyPage.goto("/");
  await expect(wendyPage).toHaveURL(/\/login$/);
  await submitPasswordSignIn(wendyPage, "wendy@woodgrove.example", PASSWORD);
  await expect(alertOf(wendyPage)).toContainText("This workspace has been disabled");

  await page.getByRole("button", { name: "Enable tenant" }).click();
  await expect(page.getByTestId("tenant-status")).toHaveText("Active");
  await signInWithPassword(wendyPage, "wendy@woodgrove.example", PASSWORD);

  await page.goto(`/manage/audit?tenant=${tenantId}&actor=olivia`);
  const audit = page.getByTestId("audit-table");
  for (const kind of ["domain.verified", "tenant.disabled", "tenant.enabled"]) await expect(audit).toContainText(kind);
  await wendy.close();
});

test("Staff.Admin ends all sessions of a user", async ({ page, browser }) => {
  const wendy = await browser.newContext();
  const wendyPage = await wendy.newPage();
  await signInWithPassword(wendyPage, "wendy@woodgrove.example", PASSWORD);
  await signInAsStaff(page, staff.olivia.name);
  await page.goto(`/manage/users/${userId}`);
  await expect(page.getByTestId("active-sessions")).not.toHaveText("0");
  await page.getByRole("button", { name: "End all sessions" }).click();
  await page.getByRole("alertdialog").getByRole("button", { name: "Yes, end all sessions" }).click();
  await expect(page.getByTestId("active-sessions")).toHaveText("0");
  await expect(page.getByRole("status")).toHaveText("All sessions ended: the user is signed out everywhere.");
  // Nothing left to end: the button says so by being disabled.
  await expect(page.getByRole("button", { name: "End all sessions" })).toBeDisabled();
  await wendyPage.goto("/");
  await expect(wendyPage).toHaveURL(/\/login$/);
  await wendy.close();
});

test("Staff.Admin creates a tenant whose invitation makes its first admin, once", async ({ page, browser }) => {
  await signInAsStaff(page, staff.olivia.name);
  await page.getByRole("link", { name: "Create tenant" }).click();
  await page.getByRole("button", { name: "Create tenant and invitation" }).click();
  await expect(page.locator("#name-error")).toContainText("2 to 80 characters");
  await page.getByLabel("Tenant name").fill("Litware");
  await page.getByLabel("First admin's email").fill("lia@litware.example");
  await page.getByRole("button", { name: "Create tenant and invitation" }).click();
  const link = await page.getByLabel("Invitation link").inputValue();
  expect(link).toMatch(/\/invite\/[A-Za-z0-9_-]{43}$/);

  const invitee = await browser.newContext();
  const inviteePage = await invitee.newPage();
  await inviteePage.goto(link);
  await expect(inviteePage.getByRole("heading", { name: "Join Litware" })).toBeVisible();
  await inviteePage.getByLabel("Your name").fill("Lia Litware");
  await inviteePage.getByLabel("Choose a password").fill("litware first admin passphrase");
  await inviteePage.getByLabel("Repeat the password").fill("litware first admin passphrase");
  await inviteePage.getByRole("button", { name: "Create account and join" }).click();
  await expect(inviteePage).toHaveURL(/\/auth\/callback$/);
  await expect(inviteePage.getByRole("definition")).toHaveText(["Lia Litware", "lia@litware.example", "Litware", "Admin"]);
  await invitee.close();

  const again = await browser.newContext();
  const againPage = await again.newPage();
  await againPage.goto(link);
  await expect(alertOf(againPage)).toHaveText("This invitation has already been used.");
  await again.close();
  const [event] = await sql`select actor_type, actor_label from audit_event where kind = 'tenant.created' and detail->>'name' = 'Litware'`;
  expect(event).toEqual({ actor_type: "staff", actor_label: "olivia@ops.example" });
});

test("one browser holds a tenant session and a staff session, and each stays in its own lane", async ({ page, context }) => {
  await signInWithPassword(page, "wendy@woodgrove.example", PASSWORD);
  // A tenant-user session never opens the console.
  await page.goto("/manage");
  await expect(page).toHaveURL(/\/manage\/sign-in$/);
  await signInAsStaff(page, staff.olivia.name);

  const names = (await context.cookies()).map((c) => c.name);
  expect(names).toEqual(expect.arrayContaining(["gatehouse.sid", "gatehouse-console.sid"]));
  // Every cookie either instance sets is renamed: none of Auth.js's default `authjs.*` names appears.
  expect(names.filter((name) => name.startsWith("authjs") || name.startsWith("__Secure-authjs"))).toEqual([]);
  await page.goto("/auth/callback");
  await expect(page.getByRole("definition").first()).toHaveText("Wendy Woodgrove");
  await page.goto("/manage");
  await expect(page.getByTestId("staff-identity")).toContainText("Olivia Operator");

  const [session] = await sql`select extract(epoch from expires - created_at) as seconds from staff_session order by created_at desc limit 1`;
  expect(Number(session!.seconds)).toBeLessThanOrEqual(8 * 60 * 60);
  expect(Number(session!.seconds)).toBeGreaterThan(8 * 60 * 60 - 60);

  // Signing out of the console leaves the tenant session alone, and the reverse.
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/manage\/sign-in$/);
  await page.goto("/auth/callback");
  await expect(page.getByRole("definition").first()).toHaveText("Wendy Woodgrove");
});

test("a session token under the other instance's cookie name means nothing there", async ({ page, context }) => {
  await signInAsStaff(page, staff.olivia.name);
  const staffToken = (await context.cookies()).find((c) => c.name === "gatehouse-console.sid")!.value;
  await context.clearCookies();
  await context.addCookies([{ name: "gatehouse.sid", value: staffToken, url: BASE_URL }]);
  const me = await page.request.get("/api/v1/me");
  expect(me.status()).toBe(401);

  await context.clearCookies();
  await signInWithPassword(page, "wendy@woodgrove.example", PASSWORD);
  const tenantToken = (await context.cookies()).find((c) => c.name === "gatehouse.sid")!.value;
  await context.clearCookies();
  await context.addCookies([{ name: "gatehouse-console.sid", value: tenantToken, url: BASE_URL }]);
  await page.goto("/manage");
  await expect(page).toHaveURL(/\/manage\/sign-in$/);
});
