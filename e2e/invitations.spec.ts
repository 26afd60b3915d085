import { join } from "node:path";
import { expect, test, type Browser, type Page } from "@playwright/test";
import type postgres from "postgres";
import { createDedicatedDatabase } from "./support/dedicated-database";
import { OPERATOR_TENANT_ID, staff } from "./support/entra-test-seed";
import { E2E_ENTRA_PORT, E2E_ENTRA_STATE_DIR } from "./support/environment";
import { expectNoHorizontalScroll, PHONE } from "./support/layout";
import { startSmtpSink, type SmtpSink } from "./support/smtp-sink";
import { freePort, spawnGatehouse, type RunningServer } from "./support/spawn-server";
import { registerConsoleApp, signInAsStaff } from "./support/staff";

/**
 * Invitations by mail, read from a loopback SMTP server. A Gatehouse of its own, on a database of its own: staff
 * sign in here, and other files count the run server's staff sessions.
 */
test.describe.configure({ mode: "serial" });

let database: Awaited<ReturnType<typeof createDedicatedDatabase>>;
let sql: postgres.Sql;
let server: RunningServer;
let sink: SmtpSink;
let origin: string;

test.beforeAll(async () => {
  test.setTimeout(120_000);
  database = await createDedicatedDatabase("invitations");
  sql = database.sql;
  sink = await startSmtpSink();
  const port = await freePort();
  origin = `http://localhost:${port}`;
  const app = await registerConsoleApp(origin);
  server = await spawnGatehouse({
    PORT: String(port),
    DATABASE_URL: database.url,
    MS_AUTHORITY_HOST: `https://localhost:${E2E_ENTRA_PORT}`,
    MGMT_MS_CLIENT_ID: app.clientId,
    MGMT_MS_CLIENT_SECRET: app.clientSecret,
    MGMT_MS_TENANT_ID: OPERATOR_TENANT_ID,
    NODE_EXTRA_CA_CERTS: join(E2E_ENTRA_STATE_DIR, "ca.pem"),
    SMTP_URL: sink.url,
  });
});

test.afterAll(async () => {
  await server?.stop();
  await sink?.stop();
  await database?.drop();
});

/** A page of a fresh browser context on this file's server. */
async function pageOn(browser: Browser, viewport?: { width: number; height: number }): Promise<Page> {
  const context = await browser.newContext({ baseURL: origin, ...(viewport ? { viewport } : {}) });
  return context.newPage();
}

const alertOf = (page: Page) => page.locator('[role="alert"]:not(#__next-route-announcer__)');

/** The invitation link of the first mail to `to` after `after` messages. */
async function invitationMailedTo(to: string, after: number): Promise<{ subject: string; link: string }> {
  const mail = await sink.waitForMail(to, { after });
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

test("a new tenant's invitation is mailed to its first admin and shown once with a Copy button", async ({ browser }) => {
  const page = await pageOn(browser);
  await page.context().grantPermissions(["clipboard-read", "clipboard-write"]);
  await signInAsStaff(page, staff.olivia.name);
  const before = sink.messages.length;
  const shown = await createTenant(page, "Tailspin Toys", "tara@tailspin.example");
  const mailed = await invitationMailedTo("tara@tailspin.example", before);
  expect(mailed.subject).toBe("You are invited to Tailspin Toys on Gatehouse");
  expect(mailed.link).toBe(shown);
  await page.getByRole("button", { name: "Copy" }).click();
  await expect(page.getByRole("button", { name: "Copied" })).toBeVisible();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(shown);
});

test("staff re-issue an invitation (the old link is withdrawn, the new one mailed) and revoke it", async ({ browser }) => {
  const page = await pageOn(browser);
  await signInAsStaff(page, staff.olivia.name);
  const first = await createTenant(page, "Proseware", "pat@proseware.example");
  await page.getByRole("link", { name: "Open the tenant" }).click();
  const pending = page.getByTestId("pending-invitations");
  await expect(pending).toContainText("pat@proseware.example · admin · expires");

  const before = sink.messages.length;
  await pending.getByRole("button", { name: "Re-issue" }).click();
  await expect(page.getByRole("status")).toContainText("New invitation for pat@proseware.example");
  const second = await page.getByLabel("Invitation link").inputValue();
  expect(second).not.toBe(first);
  expect((await invitationMailedTo("pat@proseware.example", before)).link).toBe(second);

  const visitor = await pageOn(browser, PHONE);
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

test("Staff.Support sees pending invitations but no Re-issue or Revoke", async ({ browser }) => {
  const page = await pageOn(browser);
  const [tenant] = await sql`select id from tenant where name = 'Tailspin Toys'`;
  await signInAsStaff(page, staff.sam.name);
  await page.goto(`/manage/tenants/${tenant!.id}`);
  await expect(page.getByTestId("pending-invitations")).toContainText("tara@tailspin.example");
  await expect(page.getByRole("button", { name: "Re-issue" })).toHaveCount(0);
  await expect(page.getByRole("button", { name: "Revoke" })).toHaveCount(0);
});

test("a used invitation link offers Sign in (390 px)", async ({ browser }) => {
  const page = await pageOn(browser, PHONE);
  const staffPage = await pageOn(browser);
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
