import { expect, test, type Page } from "@playwright/test";
import { connectToTestDatabase } from "./support/database";
import { E2E_MAIL_SPOOL } from "./support/environment";
import { staff } from "./support/entra-test-seed";
import { expectNoHorizontalScroll, PHONE } from "./support/layout";
import { readSpooledMail, spooledMail } from "./support/smtp-sink";
import { signInAsStaff } from "./support/staff";

const sql = connectToTestDatabase();
test.afterAll(() => sql.end());
test.describe.configure({ mode: "serial" });

const alertOf = (page: Page) => page.locator('[role="alert"]:not(#__next-route-announcer__)');

/** The invitation link of the first mail to `to` after `after` messages. */
async function invitationMailedTo(to: string, after: number): Promise<{ subject: string; link: string }> {
  const mail = await readSpooledMail(E2E_MAIL_SPOOL, to, { after });
  const link = /(http\S+\/invite\/[A-Za-z0-9_-]{43})/.exec(mail.text)?.[1];
  expect(link, mail.text).toBeDefined();
  return { subject: mail.subject, link: link! };
}

/** Staff.Admin creates a tenant; returns the link shown once on the page. */
async function createTenant(page: Page, name: string, email: string): Promise<string> {
  await page.goto("/manage/tenants/new");
  await page.getByLabel("Tenant name").fill(name);
  await page.getByLabel("First admin's email").fill(email);
  await page.getByRole("button", { name: "Create tenant and invitation" }).click();
  await expect(page.getByText("The invitation was mailed to its first admin.")).toBeVisible();
  return page.getByLabel("Invitation link").inputValue();
}

test("a new tenant's invitation is mailed to its first admin and shown once with a Copy button", async ({ page, context }) => {
  await context.grantPermissions(["clipboard-read", "clipboard-write"]);
  await signInAsStaff(page, staff.olivia.name);
  const before = spooledMail(E2E_MAIL_SPOOL).length;
  const shown = await createTenant(page, "Tailspin Toys", "tara@tailspin.example");
  const mailed = await invitationMailedTo("tara@tailspin.example", before);
  expect(mailed.subject).toBe("You are invited to Tailspin Toys on Gatehouse");
  expect(mailed.link).toBe(shown);
  await page.getByRole("button", { name: "Copy" }).click();
  await expect(page.getByRole("button", { name: "Copied" })).toBeVisible();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(shown);
});

test("staff re-issue an invitation (the old link is withdrawn, the new one mailed) and revoke it", async ({ page, browser }) => {
  await signInAsStaff(page, staff.olivia.name);
  const first = await createTenant(page, "Proseware", "pat@proseware.example");
  await page.getByRole("link", { name: "Open the tenant" }).click();
  const pending = page.getByTestId("pending-invitations");
  await expect(pending).toContainText("pat@proseware.example · admin · expires");

  const before = spooledMail(E2E_MAIL_SPOOL).length;
  await pending.getByRole("button", { name: "Re-issue" }).click();
  await expect(page.getByRole("status")).toContainText("New invitation for pat@proseware.example");
  const second = await page.getByLabel("Invitation link").inputValue();
  expect(second).not.toBe(first);
  expect((await invitationMailedTo("pat@proseware.example", before)).link).toBe(second);

  const visitor = await browser.newPage({ viewport: PHONE });
  await visitor.goto(first);
  await expect(alertOf(visitor)).toHaveText("This invitation was withdrawn. Ask for a new one.");
  await expectNoHorizontalScroll(visitor);
  await visitor.goto(second);
  await expect(visitor.getByRole("heading", { name: "Join Proseware" })).toBeVisible();
  await expectNoHorizontalScroll(visitor);

  // Revoking asks for confirmation in the page, then the link stops working.
  await pending.getByRole("button", { name: "Revoke" }).click();
  await pending.getByRole("button", { name: "Cancel" }).click();
  await expect(pending).toContainText("pat@proseware.example");
  await pending.getByRole("button", { name: "Revoke" }).click();
  await pending.getByRole("button", { name: "Confirm revoke" }).click();
  await expect(page.getByRole("status")).toContainText("Invitation for pat@proseware.example revoked");
  await expect(page.getByText("No pending invitations.")).toBeVisible();
  await visitor.goto(second);
  await expect(alertOf(visitor)).toHaveText("This invitation was withdrawn. Ask for a new one.");
  await visitor.close();

  const kinds = await sql`select kind, actor_label from audit_event where kind in ('invitation.reissued', 'invitation.revoked') and detail->>'email' = 'pat@proseware.example' order by occurred_at`;
  expect(kinds.map((k) => `${k.kind}:${k.actor_label}`)).toEqual(["invitation.reissued:olivia@ops.example", "invitation.revoked:olivia@ops.example"]);
});

test("Staff.Support sees pending invitations but no Re-issue or Revoke", async ({ page }) => {
  const [tenant] = await sql`select id from tenant where name = 'Tailspin Toys'`;
  await signInAsStaff(page, staff.sam.name);
  await page.goto(`/manage/tenants/${tenant!.id}`);
  await expect(page.getByTestId("pending-invitations")).toContainText("tara@tailspin.example");
  await expect(page.getByRole("button", { name: "Re-issue" })).toHaveCount(0);
  await expect(page.getByRole("button", { name: "Revoke" })).toHaveCount(0);
});

test("a used invitation link offers Sign in (390 px)", async ({ page, browser }) => {
  await page.setViewportSize(PHONE);
  const staffPage = await browser.newPage();
  await signInAsStaff(staffPage, staff.olivia.name);
  const link = await createTenant(staffPage, "Wingtip", "wes@wingtip.example");
  await staffPage.close();
  await page.goto(link);
  await page.getByLabel("Your name").fill("Wes Wingtip");
  await page.getByLabel("Choose a password").fill("wingtip first admin passphrase");
  await page.getByLabel("Repeat the password").fill("wingtip first admin passphrase");
  await page.getByRole("button", { name: "Create account and join" }).click();
  await expect(page).toHaveURL(/\/auth\/callback$/);
  await page.getByRole("button", { name: "Sign out" }).click();
  await page.goto(link);
  await expect(alertOf(page)).toHaveText("This invitation has already been used.");
  await expectNoHorizontalScroll(page);
  await page.getByRole("link", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/login$/);
});
