import { randomBytes } from "node:crypto";
import { expect, test, type Page } from "@playwright/test";
import { connectToTestDatabase } from "./support/database";
import { BASE_URL, E2E_MAIL_SPOOL } from "./support/environment";
import { expectNoHorizontalScroll, PHONE } from "./support/layout";
import { createPasswordUser, signInWithPassword } from "./support/password-users";
import { readSpooledMail, spooledMail } from "./support/smtp-sink";

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
    "Member Set by SSO",
    "SSO",
    "20 Nov 2026, 10:00 UTC",
    "Remove",
  ]);
  await expect(table.getByRole("row").filter({ hasText: "Bea Microsoft" }).getByRole("cell").nth(3)).toHaveText("Microsoft");
  await expect(table.getByRole("row").filter({ hasText: "Bea Microsoft" }).getByRole("cell").nth(4)).toHaveText("Never");
  await expect(table.getByLabel("Role of Ines Admin")).toHaveValue("admin");
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

const roleOf = async (login: string) => (await sql`select role from tenant_membership m join "user" u on u.id = m.user_id where u.email = ${login} and m.tenant_id = ${tenantId}`)[0]?.role;

test("an admin finds people by part of their name or e-mail", async ({ page }) => {
  await signInWithPassword(page, ADMIN, PASSWORD);
  await page.goto("/settings/users");
  const search = page.getByRole("searchbox", { name: "Search users" });
  await search.fill("NOOR");
  await search.press("Enter");
  await expect(nameCells(page)).toHaveText([/^Noor Member/]);
  await expect(page.getByText("1–1 of 1 user · Page 1 of 1")).toBeVisible();
  await search.fill(`bea-${run}@umbrella`);
  await page.getByRole("button", { name: "Search", exact: true }).click();
  await expect(nameCells(page)).toHaveText([/^Bea Microsoft/]);
  await search.fill("outsider");
  await search.press("Enter");
  await expect(page.getByRole("cell", { name: "No user matches “outsider”." })).toBeVisible();
  expect((await page.request.get(`/api/v1/settings/users?q=${"x".repeat(101)}`)).status()).toBe(400);
});

test("an admin changes the role of people SSO does not manage, is told why SSO-managed people have no control, and cannot demote the last admin", async ({ page }) => {
  await signInWithPassword(page, ADMIN, PASSWORD);
  await page.goto("/settings/users");
  const table = page.getByRole("table", { name: "Users of this workspace" });

  await table.getByLabel("Role of Noor Member").selectOption("admin");
  await expect(page.getByRole("status").filter({ hasText: "Noor Member is now an admin." })).toBeVisible();
  await expect(table.getByLabel("Role of Noor Member")).toHaveValue("admin");
  expect(await roleOf(OTHER_MEMBER)).toBe("admin");
  await table.getByLabel("Role of Noor Member").selectOption("member");
  await expect(page.getByRole("status").filter({ hasText: "Noor Member is now a member." })).toBeVisible();
  expect(await roleOf(OTHER_MEMBER)).toBe("member");
  const events = await sql`select actor_label, detail from audit_event where kind = 'tenant.role_changed' and outcome = 'success' and tenant_id = ${tenantId} order by occurred_at`;
  expect(events.map((e) => [e.actor_label, e.detail.from, e.detail.to])).toEqual([
    [ADMIN, "member", "admin"],
    [ADMIN, "admin", "member"],
  ]);

  // Ana signs in through Umbrella's own SSO: her role comes from its app roles, so there is no control, and the page says why.
  const ana = table.getByRole("row").filter({ hasText: "Ana Sso" });
  await expect(ana.getByRole("combobox")).toHaveCount(0);
  await expect(ana).toContainText("Set by SSO");
  await expect(page.locator("#sso-managed-note")).toHaveText(
    "Set by SSO: This person's role comes from your SSO app roles at every sign-in. Change it in your identity provider.",
  );

  await table.getByLabel("Role of Ines Admin").selectOption("member");
  const refusal = page.getByRole("main").getByRole("alert");
  await expect(refusal).toContainText("A workspace needs at least one admin.");
  await expect(refusal).toContainText(/Reference: GH-/);
  await expect(table.getByLabel("Role of Ines Admin")).toHaveValue("admin");
  expect(await roleOf(ADMIN)).toBe("admin");
  const reference = /GH-[A-Z0-9-]+/.exec((await refusal.textContent()) ?? "")![0];
  expect(await sql`select detail->>'reason' as reason from audit_event where reference = ${reference}`).toEqual([{ reason: "last_admin" }]);
});

test("the role API refuses cross-origin requests, bad bodies, SSO-managed people and other workspaces' users, writing nothing", async ({ page }) => {
  await signInWithPassword(page, ADMIN, PASSWORD);
  const idOf = async (login: string) => (await sql`select id from "user" where email = ${login}`)[0]!.id as string;
  const patch = (userId: string, data: unknown, origin = BASE_URL) =>
    page.request.patch(`/api/v1/settings/users/${userId}`, { headers: { origin, "content-type": "application/json" }, data: JSON.stringify(data) });
  const noor = await idOf(OTHER_MEMBER);
  expect((await patch(noor, { role: "admin" }, "https://attacker.example")).status()).toBe(403);
  const badJson = await page.request.patch(`/api/v1/settings/users/${noor}`, { headers: { origin: BASE_URL, "content-type": "application/json" }, data: "{not json" });
  expect(badJson.status()).toBe(400);
  const owner = await patch(noor, { role: "owner" });
  expect(owner.status()).toBe(400);
  expect(await owner.json()).toMatchObject({ error: "role_invalid", message: "Choose a role: Admin or Member.", reference: expect.stringMatching(/^GH-/) });
  expect((await patch(await idOf(email("ana")), { role: "admin" })).status()).toBe(409);
  const outsider = await idOf(email("outsider"));
  expect((await patch(outsider, { role: "member" })).status()).toBe(404);
  expect(await sql`select role from tenant_membership where user_id = ${outsider}`).toEqual([{ role: "admin" }]);
  expect(await roleOf(OTHER_MEMBER)).toBe("member");
  expect(await roleOf(email("ana"))).toBe("member");
});

for (const viewport of [null, PHONE]) {
  test(`an admin invites someone by e-mail: the link is mailed and shown once with Copy (${viewport ? "390 px" : "desktop"})`, async ({ browser }) => {
    const context = await browser.newContext({ baseURL: BASE_URL, ...(viewport ? { viewport } : {}) });
    const page = await context.newPage();
    await signInWithPassword(page, ADMIN, PASSWORD);
    await page.goto("/settings/users");
    await expect(nameCells(page).first()).toBeVisible();
    await expectNoHorizontalScroll(page);

    const invitee = email(`invitee-${viewport ? "phone" : "desk"}`);
    const form = page.getByRole("region", { name: "Invite by email" });
    await form.getByLabel("Email").fill("not an address");
    await form.getByRole("button", { name: "Invite" }).click();
    await expect(form.getByRole("alert")).toContainText("Enter the email address of the person to invite, such as alex@contoso.com.");
    await expect(form.getByRole("alert")).toContainText(/Reference: GH-/);
    await form.getByLabel("Email").fill(OTHER_MEMBER);
    await form.getByRole("button", { name: "Invite" }).click();
    await expect(form.getByRole("alert")).toContainText("This person already belongs to this workspace.");

    const before = spooledMail(E2E_MAIL_SPOOL).length;
    await form.getByLabel("Email").fill(invitee);
    await form.getByLabel("Role").selectOption("admin");
    await form.getByRole("button", { name: "Invite" }).click();
    await expect(form.getByRole("status")).toHaveText(`Invitation mailed to ${invitee}. The link works once, for 7 days; it is shown below only now.`);
    const shown = await form.getByLabel("Invitation link").inputValue();
    expect(shown).toMatch(/\/invite\/[A-Za-z0-9_-]{43}$/);
    await expect(form.getByRole("button", { name: "Copy" })).toBeVisible();
    await expectNoHorizontalScroll(page);

    const mail = await readSpooledMail(E2E_MAIL_SPOOL, invitee, { after: before });
    expect(mail.text).toContain(shown);
    expect(mail.text).toContain("Umbrella");
    const [event] = await sql`select actor_label, detail from audit_event where kind = 'invitation.created' and outcome = 'success' and detail->>'email' = ${invitee}`;
    expect(event).toMatchObject({ actor_label: ADMIN, detail: { role: "admin" } });
    expect(JSON.stringify(event)).not.toContain(shown.split("/invite/")[1]);

    await page.reload();
    await expect(page.getByLabel("Invitation link")).toHaveCount(0);
    await context.close();
  });
}
