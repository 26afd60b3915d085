import { randomBytes } from "node:crypto";
import { expect, test } from "@playwright/test";
import { connectToTestDatabase } from "./support/database";
import { createPasswordUser, submitPasswordSignIn as attempt } from "./support/password-users";

const sql = connectToTestDatabase();
test.afterAll(() => sql.end());

const createUser = (login: string, password: string) => createPasswordUser(sql, { login, password });

test("a wrong password and an unknown e-mail get the same message, with a reference", async ({ page }) => {
  const login = `pat-${randomBytes(3).toString("hex")}@contoso.test`;
  await createUser(login, "the real passphrase here");

  await attempt(page, login, "not the passphrase");
  const wrong = page.getByRole("main").getByRole("alert");
  await expect(wrong).toContainText("Incorrect email or password.");
  await expect(wrong).toContainText(/Reference: GH-[A-Z0-9]{4}-[A-Z0-9]{4}/);

  await attempt(page, `nobody-${randomBytes(3).toString("hex")}@contoso.test`, "not the passphrase");
  await expect(page.getByRole("main").getByRole("alert")).toContainText("Incorrect email or password.");
  expect(await page.getByRole("main").getByRole("alert").innerText()).toMatch(/^Incorrect email or password\.\s+Reference: GH-/);
  await expect(page).toHaveURL(/\/login$/);
});

test("five failures lock the account for fifteen minutes, even against the right password", async ({ page }) => {
  const login = `quinn-${randomBytes(3).toString("hex")}@contoso.test`;
  await createUser(login, "the real passphrase here");
  for (let i = 1; i <= 4; i++) {
    await attempt(page, login, `guess number ${i}`);
    await expect(page.getByRole("main").getByRole("alert")).toContainText("Incorrect email or password.");
  }
  await attempt(page, login, "guess number 5");
  await expect(page.getByRole("main").getByRole("alert")).toContainText("Too many failed sign-in attempts. Try again in 15 minutes.");

  await attempt(page, login, "the real passphrase here");
  await expect(page.getByRole("main").getByRole("alert")).toContainText("Too many failed sign-in attempts. Try again in 15 minutes.");
  await expect(page).toHaveURL(/\/login$/);
  const count = (await sql`select count(*)::int as count from session s join "user" u on u.id = s.user_id where u.email = ${login}`)[0]!.count;
  expect(count).toBe(0);
  const failures = await sql`select detail->>'reason' as reason from audit_event where actor_label = ${login} order by occurred_at`;
  expect(failures.map((f) => f.reason)).toEqual(["wrong_password", "wrong_password", "wrong_password", "wrong_password", "wrong_password", "throttled"]);
});

test("the login field explains input that is neither an e-mail nor a username", async ({ page }) => {
  await page.goto("/login");
  await page.getByLabel("Email or username").fill("not an email@");
  await page.getByRole("button", { name: "Continue" }).click();
  await expect(page.getByRole("main").getByRole("alert")).toHaveText("Enter your email address (or username).");
  await expect(page.getByLabel("Email or username")).toHaveAttribute("aria-invalid", "true");
});
