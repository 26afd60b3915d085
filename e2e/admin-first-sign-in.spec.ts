import { expect, test } from "@playwright/test";
import { connectToTestDatabase } from "./support/database";

const sql = connectToTestDatabase();
test.afterAll(() => sql.end());

const NEW_PASSWORD = "river stones and quiet lanterns";

test.describe.configure({ mode: "serial" });

test("the seeded admin signs in, must choose a new password before anything else, lands signed in and signs out", async ({ page }) => {
  await page.goto("/");
  await expect(page).toHaveURL(/\/login$/);
  await expect(page.getByRole("heading", { name: "Sign in to Gatehouse" })).toBeVisible();

  // E-mail first, then the password; the keyboard alone is enough.
  const login = page.getByLabel("Email or username");
  await expect(login).toBeFocused();
  await login.fill("admin");
  await login.press("Enter");
  const password = page.getByLabel("Password", { exact: true });
  await expect(password).toBeFocused();
  await expect(page.getByTestId("login-identity")).toHaveText("admin");
  await password.fill("admin");
  await password.press("Enter");

  await expect(page).toHaveURL(/\/change-password$/);
  await expect(page.getByRole("heading", { name: "Choose a new password" })).toBeVisible();

  // Nothing else is reachable until the password is changed.
  await page.goto("/");
  await expect(page).toHaveURL(/\/change-password$/);
  await page.goto("/auth/callback");
  await expect(page).toHaveURL(/\/change-password$/);
  const me = await page.request.get("/api/v1/me");
  expect(me.status()).toBe(403);
  expect(await me.json()).toEqual({ error: "password_change_required", message: "Choose a new password before you continue." });

  await page.getByLabel("New password", { exact: true }).fill("admin");
  await page.getByLabel("Confirm new password").fill("admin");
  await page.getByRole("button", { name: "Set new password" }).click();
  await expect(page.getByRole("main").getByRole("alert")).toHaveText("Use at least 12 characters.");

  await page.getByLabel("New password", { exact: true }).fill(NEW_PASSWORD);
  await page.getByLabel("Confirm new password").fill(NEW_PASSWORD + "!");
  await page.getByRole("button", { name: "Set new password" }).click();
  await expect(page.getByRole("main").getByRole("alert")).toHaveText("The two passwords do not match.");

  await page.getByLabel("New password", { exact: true }).fill(NEW_PASSWORD);
  await page.getByLabel("Confirm new password").fill(NEW_PASSWORD);
  await page.getByRole("button", { name: "Set new password" }).click();

  await expect(page).toHaveURL(/\/auth\/callback$/);
  await expect(page.getByRole("heading", { name: "You are signed in" })).toBeVisible();
  const details = page.getByRole("definition");
  await expect(details).toHaveText(["Administrator", "admin", "Default", "Admin"]);

  await page.getByRole("link", { name: "Continue to Gatehouse" }).click();
  await expect(page.getByRole("heading", { name: "Welcome, Administrator" })).toBeVisible();
  await expect(page.getByRole("definition")).toHaveText(["admin", "Default", "Admin"]);

  const before = (await sql`select count(*)::int as count from session s join password_credential p on p.user_id = s.user_id where p.login = 'admin'`)[0]!.count;
  expect(before).toBe(1);
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/login$/);
  const after = (await sql`select count(*)::int as count from session s join password_credential p on p.user_id = s.user_id where p.login = 'admin'`)[0]!.count;
  expect(after).toBe(0);
  await page.goto("/");
  await expect(page).toHaveURL(/\/login$/);

  const kinds = await sql`select kind, outcome from audit_event where actor_label = 'admin' or kind in ('password.changed', 'sign_out') order by occurred_at`;
  expect(kinds.map((k) => `${k.kind}:${k.outcome}`)).toEqual(["sign_in.password:success", "password.changed:success", "sign_out:success"]);
});

test("after the change, the admin signs in with the new password straight to the landing page", async ({ page }) => {
  await page.goto("/login");
  await page.getByLabel("Email or username").fill("ADMIN");
  await page.getByRole("button", { name: "Continue" }).click();
  await page.getByLabel("Password", { exact: true }).fill("admin");
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(page.getByRole("main").getByRole("alert")).toContainText("Incorrect email or password.");
  await page.getByLabel("Password", { exact: true }).fill(NEW_PASSWORD);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(page).toHaveURL(/\/auth\/callback$/);
  await expect(page.getByRole("definition")).toHaveText(["Administrator", "admin", "Default", "Admin"]);

  // A signed-in visitor to /login goes home instead of signing in twice.
  await page.goto("/login");
  await expect(page).toHaveURL(/\/$/);
});
