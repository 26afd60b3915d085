import { expect, test, type Browser, type Page } from "@playwright/test";
import { connectToTestDatabase } from "./support/database";
import { BASE_URL } from "./support/environment";
import { expectNoHorizontalScroll, PHONE } from "./support/layout";
import { createPasswordUser, signInWithPassword } from "./support/password-users";

const sql = connectToTestDatabase();
test.afterAll(() => sql.end());

const PASSWORD = "a sturdy account passphrase";
const NEW = "another sturdy passphrase";
const alertOf = (page: Page) => page.locator('[role="alert"]:not(#__next-route-announcer__)');

/** A person with a password in a workspace of their own, signed in in a second browser as well. */
async function personSignedInElsewhere(browser: Browser, label: string) {
  const email = `${label}@northwind.example`;
  const [tenant] = await sql`insert into tenant (id, key, name) values (${crypto.randomUUID()}, ${`nw-${label}`}, ${`Northwind ${label}`}) returning id, name`;
  await createPasswordUser(sql, { login: email, password: PASSWORD, name: "Nora Northwind", tenantId: tenant!.id, role: "admin" });
  const elsewhere = await browser.newContext({ baseURL: BASE_URL });
  await signInWithPassword(await elsewhere.newPage(), email, PASSWORD);
  return { email, workspace: tenant!.name as string, elsewhere };
}

for (const viewport of [null, PHONE]) {
  const width = viewport ? "390 px" : "desktop";

  test(`the landing page says where the person is and leads on to the app and to My account (${width})`, async ({ page, browser }) => {
    if (viewport) await page.setViewportSize(viewport);
    const { email, workspace, elsewhere } = await personSignedInElsewhere(browser, `landing-${viewport ? "p" : "d"}`);
    await elsewhere.close();
    await signInWithPassword(page, email, PASSWORD);
    await expect(page.getByRole("heading", { name: "You are signed in" })).toBeVisible();
    await expect(page.getByTestId("landing-workspace")).toHaveText(workspace);
    await expect(page.getByTestId("landing-role")).toHaveText("an admin");
    await expect(page.getByText("Here is the identity Gatehouse will pass on.")).toHaveCount(0);
    // APP_BASE_URL is unset in the test server, so the app is Gatehouse itself.
    await expect(page.getByRole("link", { name: "Continue to Gatehouse" })).toHaveAttribute("href", `${BASE_URL}/`);
    await expectNoHorizontalScroll(page);
    await page.getByRole("link", { name: "My account" }).click();
    await expect(page).toHaveURL(/\/account$/);
    await expect(page.getByRole("heading", { name: "My account" })).toBeVisible();
    await expectNoHorizontalScroll(page);
  });

  test(`My account shows who and how, changes the password with the current one and signs out the other sessions (${width})`, async ({ page, browser }) => {
    if (viewport) await page.setViewportSize(viewport);
    const { email, workspace, elsewhere } = await personSignedInElsewhere(browser, `account-${viewport ? "p" : "d"}`);
    await signInWithPassword(page, email, PASSWORD);
    await page.goto("/account");
    const profile = page.getByRole("region", { name: "Profile" });
    await expect(profile.getByRole("definition")).toHaveText(["Nora Northwind", email, `${workspace} · Admin`]);
    await expect(page.getByTestId("sign-in-methods")).toHaveText(`Password (${email})`);
    await expect(page.getByTestId("sessions").getByRole("listitem")).toHaveCount(2);
    await expect(page.getByTestId("sessions")).toContainText("This browser");
    await expectNoHorizontalScroll(page);

    // The current password is required.
    await page.getByLabel("Current password").fill("not my password at all");
    await page.getByLabel("New password", { exact: true }).fill(NEW);
    await page.getByLabel("Confirm new password").fill(NEW);
    await page.getByRole("button", { name: "Change password" }).click();
    await expect(alertOf(page)).toHaveText("Your current password is not correct.");
    expect((await elsewhere.request.get("/api/v1/me")).status()).toBe(200);

    // The password policy's rules.
    await page.getByLabel("Current password").fill(PASSWORD);
    await page.getByLabel("New password", { exact: true }).fill("password");
    await page.getByLabel("Confirm new password").fill("password");
    await page.getByRole("button", { name: "Change password" }).click();
    await expect(alertOf(page)).toHaveText("Use at least 12 characters.");

    await page.getByLabel("Current password").fill(PASSWORD);
    await page.getByLabel("New password", { exact: true }).fill(NEW);
    await page.getByLabel("Confirm new password").fill(NEW);
    await page.getByRole("button", { name: "Change password" }).click();
    await expect(page.getByRole("status").filter({ hasText: /^Your password was changed\. Your other sessions were signed out\.$/ })).toBeVisible();
    // The other browser was signed out; this one carries on.
    expect((await elsewhere.request.get("/api/v1/me")).status()).toBe(401);
    expect((await page.request.get("/api/v1/me")).status()).toBe(200);
    await expect(page.getByTestId("sessions").getByRole("listitem")).toHaveCount(1);
    await expect(page.getByRole("button", { name: "Sign out other sessions" })).toBeDisabled();

    // A new session elsewhere, then "Sign out other sessions".
    await signInWithPassword(await elsewhere.newPage(), email, NEW);
    await page.reload();
    await expect(page.getByTestId("sessions").getByRole("listitem")).toHaveCount(2);
    await page.getByRole("button", { name: "Sign out other sessions" }).click();
    await expect(page.getByRole("status").filter({ hasText: /^Your other sessions were signed out\.$/ })).toBeVisible();
    expect((await elsewhere.request.get("/api/v1/me")).status()).toBe(401);
    expect((await page.request.get("/api/v1/me")).status()).toBe(200);
    await expect(page.getByRole("button", { name: "Sign out other sessions" })).toBeDisabled();
    await expectNoHorizontalScroll(page);
    await elsewhere.close();
    const kinds = await sql`select kind, outcome from audit_event where actor_label = ${email} or actor_id in (select user_id from password_credential where login = ${email}) order by occurred_at`;
    expect(kinds.map((k) => `${k.kind}:${k.outcome}`)).toEqual(
      expect.arrayContaining(["password.change_refused:failure", "password.changed:success", "sessions.other_ended:success"]),
    );
  });
}

test("My account is for signed-in people only", async ({ page }) => {
  await page.goto("/account");
  await expect(page).toHaveURL(/\/login$/);
});
