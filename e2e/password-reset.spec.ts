import { expect, test, type Page } from "@playwright/test";
import { connectToTestDatabase } from "./support/database";
import { BASE_URL, E2E_MAIL_SPOOL } from "./support/environment";
import { expectNoHorizontalScroll, PHONE } from "./support/layout";
import { createPasswordUser, signInWithPassword } from "./support/password-users";
import { readSpooledMail, spooledMail } from "./support/smtp-sink";

const sql = connectToTestDatabase();
test.afterAll(() => sql.end());
test.describe.configure({ mode: "serial" });

const OLD = "an old forgotten passphrase";
const NEW = "lanterns over the harbour";
const alertOf = (page: Page) => page.locator('[role="alert"]:not(#__next-route-announcer__)');

/** The reset link of the newest mail to `to` that arrived after `after` messages. */
async function resetLinkMailedTo(to: string, after: number): Promise<string> {
  const mail = await readSpooledMail(E2E_MAIL_SPOOL, to, { after });
  expect(mail.subject).toBe("Choose a new Gatehouse password");
  const link = /(http\S+\/reset-password\/[A-Za-z0-9_-]{43})/.exec(mail.text)?.[1];
  expect(link, mail.text).toBeDefined();
  return link!;
}

for (const viewport of [null, PHONE]) {
  const width = viewport ? "390 px" : "desktop";
  test(`a person who forgot their password gets a mailed link, sets a new one, every session ends and the link works once (${width})`, async ({ page, browser }) => {
    if (viewport) await page.setViewportSize(viewport);
    const email = `reset-${viewport ? "phone" : "desktop"}@fabrikam.example`;
    const [tenant] = await sql`insert into tenant (id, key, name) values (${crypto.randomUUID()}, ${`reset-${viewport ? "p" : "d"}`}, 'Fabrikam') returning id`;
    const userId = await createPasswordUser(sql, { login: email, password: OLD, name: "Rita Reset", tenantId: tenant!.id, role: "member" });

    // A session elsewhere, which the reset must end.
    const elsewhere = await browser.newContext({ baseURL: BASE_URL });
    await signInWithPassword(await elsewhere.newPage(), email, OLD);
    expect((await elsewhere.request.get("/api/v1/me")).status()).toBe(200);

    await page.goto("/login");
    await page.getByLabel("Email or username").fill(email);
    await page.getByRole("button", { name: "Continue" }).click();
    await expect(page.getByLabel("Password", { exact: true })).toBeFocused();
    await expectNoHorizontalScroll(page);
    await page.getByRole("link", { name: "Forgot password?" }).click();
    await expect(page).toHaveURL(/\/forgot-password\?email=/);
    await expect(page.getByLabel("Email", { exact: true })).toHaveValue(email);
    await expectNoHorizontalScroll(page);
    const before = spooledMail(E2E_MAIL_SPOOL).length;
    await page.getByRole("button", { name: "Send reset link" }).click();
    await expect(page.getByRole("status")).toContainText("a link to choose a new password is on its way");

    const link = await resetLinkMailedTo(email, before);
    expect(new URL(link).origin).toBe(BASE_URL);
    await page.goto(link);
    await expect(page.getByRole("heading", { name: "Choose a new password" })).toBeVisible();
    await expectNoHorizontalScroll(page);
    await page.getByLabel("New password", { exact: true }).fill("short");
    await page.getByLabel("Confirm password").fill("short");
    await page.getByRole("button", { name: "Set new password" }).click();
    await expect(alertOf(page)).toHaveText("Use at least 12 characters.");
    await page.getByLabel("New password", { exact: true }).fill(NEW);
    await page.getByLabel("Confirm password").fill(`${NEW}!`);
    await page.getByRole("button", { name: "Set new password" }).click();
    await expect(alertOf(page)).toHaveText("The two passwords do not match.");
    // The form is cleared after each answer: passwords are never sent back to the browser.
    await page.getByLabel("New password", { exact: true }).fill(NEW);
    await page.getByLabel("Confirm password").fill(NEW);
    await page.getByRole("button", { name: "Set new password" }).click();
    await expect(page.getByRole("status")).toContainText("Your password was changed and every session of your account was signed out.");

    // Every session of the account has ended, and the audit says so.
    expect((await elsewhere.request.get("/api/v1/me")).status()).toBe(401);
    await elsewhere.close();
    expect(await sql`select 1 from session where user_id = ${userId}`).toHaveLength(0);
    const [completed] = await sql`select outcome, detail from audit_event where kind = 'password_reset.completed' and actor_id = ${userId}`;
    expect(completed).toMatchObject({ outcome: "success", detail: { sessionsEnded: 1 } });

    await page.getByRole("link", { name: "Sign in" }).click();
    await signInWithPassword(page, email, NEW);

    // The link works once.
    await page.goto(link);
    await expect(alertOf(page)).toHaveText("This password reset link has already been used. Ask for a new one if you need it.");
    await expect(page.getByRole("link", { name: "Ask for a new link" })).toBeVisible();
    await expectNoHorizontalScroll(page);
    const [refused] = await sql`select detail from audit_event where kind = 'password_reset.link_refused' and actor_id = ${userId}`;
    expect(refused).toMatchObject({ detail: { reason: "reset_link_used" } });
  });
}

test("an address without an account gets the same answer, and no mail leaves", async ({ page }) => {
  const before = spooledMail(E2E_MAIL_SPOOL).length;
  await page.goto("/forgot-password");
  await page.getByLabel("Email", { exact: true }).fill("nobody-here@fabrikam.example");
  await page.getByRole("button", { name: "Send reset link" }).click();
  await expect(page.getByRole("status")).toContainText("a link to choose a new password is on its way");
  await page.waitForTimeout(500);
  expect(spooledMail(E2E_MAIL_SPOOL).slice(before).flatMap((m) => m.to)).not.toContain("nobody-here@fabrikam.example");
  const [event] = await sql`select outcome, detail from audit_event where kind = 'password_reset.requested' and actor_label = 'nobody-here@fabrikam.example'`;
  expect(event).toMatchObject({ outcome: "failure", detail: { reason: "no_password_account" } });
});

test("a link that was never issued says so, and a bad address is answered on the form", async ({ page }) => {
  const response = await page.goto(`/reset-password/${"A".repeat(43)}`);
  expect(response!.status()).toBe(200);
  await expect(alertOf(page)).toHaveText("This password reset link is not valid. Ask for a new one.");
  await page.goto("/forgot-password");
  await page.getByLabel("Email", { exact: true }).fill("not an address");
  await page.getByRole("button", { name: "Send reset link" }).click();
  await expect(alertOf(page)).toHaveText("Enter your email address, such as alex@contoso.com.");
});
