import { randomBytes } from "node:crypto";
import { expect, test, type Page } from "@playwright/test";
import { connectToTestDatabase } from "./support/database";
import { BASE_URL } from "./support/environment";
import { createPasswordUser, signInWithPassword } from "./support/password-users";

const sql = connectToTestDatabase();
const run = randomBytes(3).toString("hex");
const PASSWORD = "settings users passphrase";
const email = (name: string) => `${name}-${run}@umbrella.test`;
const ADMIN = email("ines");
const MEMBER = email("mo");
const OTHER_MEMBER = email("noor");
let tenantId: string;

test.describe.configure({ mode: "serial" });

/**
 * Umbrella: Ines is its only admin; Mo and Noor are password members; Ana signs in only through the tenant's SSO and
 * Bea only with Microsoft. Outsider belongs to another workspace and must never appear.
 */
test.beforeAll(async () => {
  const [tenant] = await sql`insert into tenant (id, key, name) values (${crypto.randomUUID()}, ${`umbrella-${run}`}, 'Umbrella') returning id`;
  tenantId = tenant!.id;
  await createPasswordUser(sql, { login: ADMIN, password: PASSWORD, name: "Ines Admin", tenantId, role: "admin" });
  await createPasswordUser(sql, { login: MEMBER, password: PASSWORD, name: "Mo Member", tenantId });
  await createPasswordUser(sql, { login: OTHER_MEMBER, password: PASSWORD, name: "Noor Member", tenantId });
  for (const [name, provider, lastSignIn] of [
    ["Ana Sso", `t-umbrella-${run}`, "2026-11-20T10:00:00Z"],
    ["Bea Microsoft", "microsoft-entra-id", null],
  ] as const) {
    const [user] = await sql`insert into "user" (id, name, email, last_sign_in_at)
      values (${crypto.randomUUID()}, ${name}, ${email(name.split(" ")[0]!.toLowerCase())}, ${lastSignIn}) returning id`;
    await sql`insert into account (user_id, type, provider, provider_account_id) values (${user!.id}, 'oidc', ${provider}, ${`${run}:${name}`})`;
    await sql`insert into tenant_membership (user_id, tenant_id, role) values (${user!.id}, ${tenantId}, 'member')`;
  }
  const [other] = await sql`insert into tenant (id, key, name) values (${crypto.randomUUID()}, ${`elsewhere-${run}`}, 'Elsewhere') returning id`;
  await createPasswordUser(sql, { login: email("outsider"), password: PASSWORD, name: "Outsider", tenantId: other!.id, role: "admin" });
});
test.afterAll(() => sql.end());

const nameCells = (page: Page) => page.locator("tbody tr td:first-child");

test("an admin sees the workspace's users, sorts them, and removes a member who is signed out at once", async ({ page, browser }) => {
  await signInWithPassword(page, ADMIN, PASSWORD);
  await page.goto("/settings/users");
  await expect(page.getByRole("heading", { name: "Users" })).toBeVisible();

  const table = page.getByRole("table", { name: "Users of this workspace" });
  await expect(nameCells(page)).toHaveText([/^Ana Sso/, /^Bea Microsoft/, /^Ines Admin/, /^Mo Member/, /^Noor Member/]);
  await expect(table).not.toContainText("Outsider");
  await expect(table.getByRole("row").filter({ hasText: "Ana Sso" }).getByRole("cell")).toHaveText([
    "Ana Sso",
    email("ana"),
    "Member",
    "SSO",
    "20 Nov 2026, 10:00 UTC",
    "Remove",
  ]);
  await expect(table.getByRole("row").filter({ hasText: "Bea Microsoft" }).getByRole("cell").nth(3)).toHaveText("Microsoft");
  await expect(table.getByRole("row").filter({ hasText: "Bea Microsoft" }).getByRole("cell").nth(4)).toHaveText("Never");
  await expect(table.getByRole("row").filter({ hasText: "Ines Admin" }).getByRole("cell").nth(2)).toHaveText("Admin");
  await expect(table.getByRole("row").filter({ hasText: "Ines Admin" }).getByRole("cell").nth(3)).toHaveText("Password");
  await expect(page.getByText("1–5 of 5 users · Page 1 of 1")).toBeVisible();

  const nameHeader = page.getByRole("columnheader", { name: "Name" });
  await expect(nameHeader).toHaveAttribute("aria-sort", "ascending");
  await nameHeader.getByRole("button").click();
  await expect(nameHeader).toHaveAttribute("aria-sort", "descending");
  await expect(nameCells(page)).toHaveText([/^Noor Member/, /^Mo Member/, /^Ines Admin/, /^Bea Microsoft/, /^Ana Sso/]);

  const roleHeader = page.getByRole("columnheader", { name: "Role" });
  await roleHeader.getByRole("button").click();
  await expect(roleHeader).toHaveAttribute("aria-sort", "ascending");
  await expect(nameHeader).not.toHaveAttribute("aria-sort");
  await expect(nameCells(page)).toHaveText([/^Ines Admin/, /^Ana Sso/, /^Bea Microsoft/, /^Mo Member/, /^Noor Member/]);

  // Mo is signed in elsewhere while the admin removes him.
  const memberContext = await browser.newContext({ baseURL: BASE_URL });
  const memberPage = await memberContext.newPage();
  await signInWithPassword(memberPage, MEMBER, PASSWORD);
  await memberPage.goto("/");
  await expect(memberPage.getByRole("heading", { name: "Welcome, Mo Member" })).toBeVisible();

  await page.getByRole("button", { name: "Remove Mo Member" }).click();
  const dialog = page.getByRole("dialog", { name: "Remove Mo Member?" });
  await expect(dialog).toBeVisible();
  await expect(dialog.getByRole("button", { name: "Cancel" })).toBeFocused();
  await dialog.getByRole("button", { name: "Remove user" }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByRole("status").filter({ hasText: "Mo Member was removed from this workspace." })).toBeVisible();
  await expect(nameCells(page)).toHaveText([/^Ines Admin/, /^Ana Sso/, /^Bea Microsoft/, /^Noor Member/]);

  await memberPage.goto("/");
  await expect(memberPage).toHaveURL(/\/login$/);
  expect(await sql`select 1 from session s join "user" u on u.id = s.user_id where u.email = ${MEMBER}`).toHaveLength(0);
  expect(await sql`select 1 from tenant_membership m join "user" u on u.id = m.user_id where u.email = ${MEMBER}`).toHaveLength(0);
  const [event] = await sql`select actor_label, detail from audit_event where kind = 'tenant.user_removed' and tenant_id = ${tenantId}`;
  expect(event!.actor_label).toBe(ADMIN);
  await memberContext.close();
});

test("the API refuses bad query parameters and cross-origin removals", async ({ page }) => {
  await signInWithPassword(page, ADMIN, PASSWORD);
  const bad = await page.request.get("/api/v1/settings/users?sort=created&page=0");
  expect(bad.status()).toBe(400);
  expect(await bad.json()).toEqual({
    error: "invalid_query",
    message: "sort must be one of name, email, role, lastSignIn. page must be a whole number from 1 to 100000.",
  });

  const [noor] = await sql`select id from "user" where email = ${OTHER_MEMBER}`;
  const forged = await page.request.delete(`/api/v1/settings/users/${noor!.id}`, { headers: { origin: "https://attacker.example" } });
  expect(forged.status()).toBe(403);
  expect(await sql`select 1 from tenant_membership where user_id = ${noor!.id}`).toHaveLength(1);

  const [outsider] = await sql`select id from "user" where email = ${email("outsider")}`;
  const foreign = await page.request.delete(`/api/v1/settings/users/${outsider!.id}`, { headers: { origin: BASE_URL } });
  expect(foreign.status()).toBe(404);
  expect(await sql`select 1 from tenant_membership where user_id = ${outsider!.id}`).toHaveLength(1);
});

test("the only admin cannot remove themselves and is told why", async ({ page }) => {
  await signInWithPassword(page, ADMIN, PASSWORD);
  await page.goto("/settings/users");
  await page.getByRole("button", { name: "Remove Ines Admin" }).click();
  const dialog = page.getByRole("dialog", { name: "Remove Ines Admin?" });
  await dialog.getByRole("button", { name: "Remove user" }).click();
  await expect(dialog.getByRole("alert")).toHaveText("A workspace needs at least one admin.");
  await dialog.getByRole("button", { name: "Cancel" }).click();
  await expect(dialog).toBeHidden();
  await expect(nameCells(page)).toContainText([/^Ines Admin/]);
  expect(await sql`select role from tenant_membership m join "user" u on u.id = m.user_id where u.email = ${ADMIN}`).toEqual([{ role: "admin" }]);
});

test("a member of the workspace gets the 403 page that says settings are for admins, and 403 from the API", async ({ page }) => {
  await signInWithPassword(page, OTHER_MEMBER, PASSWORD);
  const response = await page.goto("/settings/users");
  expect(response?.status()).toBe(403);
  await expect(page.getByRole("heading", { name: "Only workspace admins can open settings" })).toBeVisible();
  expect((await page.request.get("/api/v1/settings/users")).status()).toBe(403);
  const [ines] = await sql`select id from "user" where email = ${ADMIN}`;
  expect((await page.request.delete(`/api/v1/settings/users/${ines!.id}`, { headers: { origin: BASE_URL } })).status()).toBe(403);
});
