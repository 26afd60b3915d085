import { expect, test } from "@playwright/test";
import { connectToTestDatabase } from "./support/database";
import { expectNoHorizontalScroll, PHONE } from "./support/layout";
import { createPasswordUser, signInWithPassword } from "./support/password-users";

/** Finding one's way in Settings: the current tab is marked, the workspace's own audit log, a phone's width. */
const sql = connectToTestDatabase();
const PASSWORD = "settings navigation passphrase";
let tenantId: string;

test.describe.configure({ mode: "serial" });

test.beforeAll(async () => {
  const [tenant] = await sql`insert into tenant (id, key, name) values (${crypto.randomUUID()}, 'proseware', 'Proseware') returning id`;
  const [other] = await sql`insert into tenant (id, key, name) values (${crypto.randomUUID()}, 'adventureworks', 'Adventure Works') returning id`;
  tenantId = tenant!.id;
  await createPasswordUser(sql, { login: "pia@proseware.example", password: PASSWORD, name: "Pia Proseware", tenantId, role: "admin" });
  await sql`insert into audit_event (id, reference, occurred_at, kind, outcome, actor_type, actor_label, tenant_id, detail)
            values (${crypto.randomUUID()}, 'GH-OTHR-TNT1', now(), 'sign_in.password', 'failure', 'anonymous', 'someone@adventureworks.example', ${other!.id}, '{}'),
                   (${crypto.randomUUID()}, 'GH-STAF-ACT1', now(), 'domain.verified', 'success', 'staff', 'olivia@ops.example', ${tenantId}, '{}')`;
});
test.afterAll(() => sql.end());

test("the settings tab in view is marked as the current page", async ({ page }) => {
  await signInWithPassword(page, "pia@proseware.example", PASSWORD);
  await page.goto("/settings/users");
  const nav = page.getByRole("navigation", { name: "Settings" });
  await expect(nav.getByRole("link", { name: "Users" })).toHaveAttribute("aria-current", "page");
  await expect(nav.getByRole("link", { name: "SSO" })).not.toHaveAttribute("aria-current", "page");
  await nav.getByRole("link", { name: "Audit log" }).click();
  await expect(nav.getByRole("link", { name: "Audit log" })).toHaveAttribute("aria-current", "page");
});

test("a tenant admin reads their own workspace's audit log, and only theirs, with the operator's staff unnamed", async ({ page }) => {
  await signInWithPassword(page, "pia@proseware.example", PASSWORD);
  await page.goto("/settings/audit?tenant=anything-else");
  const table = page.getByTestId("audit-table");
  await expect(table).toContainText("sign_in.password");
  await expect(table).toContainText("pia@proseware.example");
  await expect(table).not.toContainText("GH-OTHR-TNT1");
  const staffRow = table.locator("tr", { hasText: "GH-STAF-ACT1" });
  await expect(staffRow).toContainText("Operator staff");
  await expect(staffRow).not.toContainText("olivia@ops.example");
});

test("settings pages do not scroll sideways on a 390 px phone", async ({ page }) => {
  await page.setViewportSize(PHONE);
  await signInWithPassword(page, "pia@proseware.example", PASSWORD);
  for (const path of ["/settings/sso", "/settings/users", "/settings/domains", "/settings/audit"]) {
    await page.goto(path);
    await expect(page.getByRole("navigation", { name: "Settings" })).toBeVisible();
    await expectNoHorizontalScroll(page);
  }
});
