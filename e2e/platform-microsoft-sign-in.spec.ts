import { expect, test, type Page } from "@playwright/test";
import { connectToTestDatabase } from "./support/database";
import { createPasswordUser, signInWithPassword } from "./support/password-users";
import { entraEmulatorAdmin } from "./support/entra";
import { CONTOSO_TENANT_ID, users } from "./support/entra-test-seed";

const sql = connectToTestDatabase();
let contosoWorkspaceId: string;

test.beforeAll(async () => {
  const [row] = await sql`
    insert into tenant (id, key, name, microsoft_tenant_id) values (${crypto.randomUUID()}, 'contoso', 'Contoso', ${CONTOSO_TENANT_ID})
    on conflict (key) do update set name = excluded.name returning id`;
  contosoWorkspaceId = row!.id;
});
test.afterAll(() => sql.end());

/** From /login to the emulator's account picker, then pick a user by name. */
async function signInWithMicrosoft(page: Page, name: string) {
  await page.goto("/login");
  await page.getByRole("button", { name: "Sign in with Microsoft" }).click();
  await pickAccount(page, name);
}

async function pickAccount(page: Page, name: string) {
  await page.getByRole("button", { name: new RegExp(name) }).click();
}

const accountsOf = (oid: string) => sql`select a.user_id, u.name, u.email from account a join "user" u on u.id = a.user_id where a.provider = 'microsoft-entra-id' and a.provider_account_id like ${"%:" + oid}`;

test("a user of the linked Entra directory signs in and joins its workspace as a member", async ({ page }) => {
  await signInWithMicrosoft(page, users.adele.name);
  await expect(page).toHaveURL(/\/auth\/callback$/);
  await expect(page.getByRole("definition")).toHaveText(["Adele Vance", "adele@contoso.example", "Contoso", "Member"]);
  const [account] = await accountsOf(users.adele.oid);
  const [membership] = await sql`select tenant_id, role from tenant_membership where user_id = ${account!.user_id}`;
  expect(membership).toEqual({ tenant_id: contosoWorkspaceId, role: "member" });
});

test("a user of a stranger directory creates their own workspace and becomes its admin", async ({ page }) => {
  await signInWithMicrosoft(page, users.lee.name);
  await expect(page).toHaveURL(/\/workspace\/new$/);
  await expect(page.getByRole("heading", { name: "Create your workspace" })).toBeVisible();
  await page.getByLabel("Workspace name").fill("Fabrikam Labs");
  await page.getByRole("button", { name: "Create workspace" }).click();
  await expect(page).toHaveURL(/\/auth\/callback$/);
  await expect(page.getByRole("definition")).toHaveText(["Lee Gu", "lee@fabrikam.example", "Fabrikam Labs", "Admin"]);
});

test("the second sign-in refreshes the name from Entra", async ({ page, context }) => {
  await signInWithMicrosoft(page, users.diego.name);
  await expect(page.getByRole("definition").first()).toHaveText("Diego Siciliani");
  await entraEmulatorAdmin().updateUser(CONTOSO_TENANT_ID, users.diego.oid, { name: "Diego S. Siciliani" });
  await context.clearCookies();
  await signInWithMicrosoft(page, "Diego S. Siciliani");
  await expect(page.getByRole("definition").first()).toHaveText("Diego S. Siciliani");
  const rows = await accountsOf(users.diego.oid);
  expect(rows).toHaveLength(1);
  expect(rows[0]!.name).toBe("Diego S. Siciliani");
});

test("a personal Microsoft account is refused with a clear message and nothing is written", async ({ page }) => {
  await signInWithMicrosoft(page, users.pat.name);
  await expect(page.getByRole("main")).toContainText("Personal Microsoft accounts cannot sign in here. Use your work or school account.");
  await expect(page.getByRole("main")).toContainText(/Reference: GH-/);
  expect(await accountsOf(users.pat.oid)).toHaveLength(0);
  expect(await sql`select 1 from "user" where email = ${users.pat.email}`).toHaveLength(0);
});

test("a sign-in whose state cookie was deleted says the Microsoft session expired and offers to start again", async ({ page, context }) => {
  const before = (await accountsOf(users.megan.oid)).length;
  await page.goto("/login");
  await page.getByRole("button", { name: "Sign in with Microsoft" }).click();
  await expect(page.getByRole("button", { name: /Megan Bowen/ })).toBeVisible();
  const stateCookies = (await context.cookies()).filter((c) => /gatehouse\.(state|pkce|nonce)/.test(c.name));
  expect(stateCookies.length).toBeGreaterThan(0);
  await context.clearCookies({ name: /gatehouse\.state/ });
  await pickAccount(page, users.megan.name);
  await expect(page.getByRole("heading", { name: "Microsoft sign-in session expired" })).toBeVisible();
  expect(await accountsOf(users.megan.oid)).toHaveLength(before);
  await page.getByRole("button", { name: "Start again" }).click();
  await pickAccount(page, users.megan.name);
  await expect(page).toHaveURL(/\/auth\/callback$/);
  await expect(page.getByRole("definition").first()).toHaveText("Megan Bowen");
});

test("an error from Entra shows its meaning, Microsoft's code and its trace and correlation ids", async ({ page }) => {
  await signInWithMicrosoft(page, users.unassigned.name);
  await expect(page.getByRole("heading", { name: "Microsoft could not sign you in" })).toBeVisible();
  const main = page.getByRole("main");
  await expect(main).toContainText("Your organization has not given you access to this application.");
  await expect(main).toContainText("AADSTS50105");
  await expect(main).toContainText(/Trace ID\s*[0-9a-f-]{36}/);
  await expect(main).toContainText(/Correlation ID\s*[0-9a-f-]{36}/);
  expect(await accountsOf(users.unassigned.oid)).toHaveLength(0);
});

test("a stranger directory asserting an existing user's e-mail gets a new, separate identity (nOAuth)", async ({ page, context }) => {
  await signInWithMicrosoft(page, users.megan.name);
  await expect(page).toHaveURL(/\/auth\/callback$/);
  await context.clearCookies();
  await signInWithMicrosoft(page, users.mallory.name);
  await expect(page).toHaveURL(/\/workspace\/new$/);
  await expect(page.getByRole("main")).toContainText("Mallory Attacker");
  const [victim] = await accountsOf(users.megan.oid);
  const [attacker] = await accountsOf(users.mallory.oid);
  expect(attacker!.user_id).not.toBe(victim!.user_id);
  expect(attacker!.email).toBeNull();
  expect(victim!.email).toBe("megan@contoso.example");
  const attackerMemberships = await sql`select 1 from tenant_membership where user_id = ${attacker!.user_id}`;
  expect(attackerMemberships).toHaveLength(0);
});

test("a signed-in password user who completes a Microsoft sign-in as someone else is not linked to that identity", async ({ page }) => {
  const login = `linktest-${Date.now()}@gatehouse.example`;
  const [defaultTenant] = await sql`select id from tenant where key = 'default'`;
  const userId = await createPasswordUser(sql, { login, password: "a fine passphrase indeed", name: "Password Person", tenantId: defaultTenant!.id });
  await signInWithPassword(page, login, "a fine passphrase indeed");

  await page.goto("/api/v1/auth/microsoft/login");
  await pickAccount(page, users.adele.name);
  await expect(page).toHaveURL(/\/auth\/callback$/);
  await expect(page.getByRole("definition").first()).toHaveText("Adele Vance");

  expect(await sql`select 1 from account where user_id = ${userId}`).toHaveLength(0);
  expect(await sql`select 1 from session where user_id = ${userId}`).toHaveLength(0);
  const [adele] = await accountsOf(users.adele.oid);
  expect(adele!.user_id).not.toBe(userId);
});

test("the password step keeps Sign in with Microsoft when the platform app is configured", async ({ page }) => {
  await page.goto("/login");
  await page.getByLabel("Email or username").fill("someone@unrouted.example");
  await page.getByRole("button", { name: "Continue" }).click();
  await expect(page.getByLabel("Password", { exact: true })).toBeVisible();
  await page.getByRole("button", { name: "Sign in with Microsoft" }).click();
  await expect(page).toHaveURL(/\/oauth2\/v2\.0\/authorize|\/authorize/);
});
