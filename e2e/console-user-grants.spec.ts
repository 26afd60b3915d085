import { randomBytes } from "node:crypto";
import { expect, test } from "@playwright/test";
import { connectToTestDatabase } from "./support/database";
import { staff } from "./support/entra-test-seed";
import { BASE_URL } from "./support/environment";
import { createPasswordUser } from "./support/password-users";
import { signInAsStaff } from "./support/staff";

/**
 * Support sees the apps a person connected on the console's user page, and Staff.Admin revokes one after an
 * in-page confirmation; Staff.Support reads them and is refused the revocation.
 */
const sql = connectToTestDatabase();
const run = randomBytes(3).toString("hex");
let userId: string;
let tenantId: string;
let otherUserId: string;

test.describe.configure({ mode: "serial" });

test.beforeAll(async () => {
  const [tenant] = await sql`insert into tenant (id, key, name) values (${crypto.randomUUID()}, ${`grants-${run}`}, 'Tailspin Toys') returning id`;
  tenantId = tenant!.id;
  userId = await createPasswordUser(sql, { login: `gail-${run}@tailspin.example`, password: "grants console passphrase", name: "Gail Grants", tenantId });
  otherUserId = await createPasswordUser(sql, { login: `otto-${run}@tailspin.example`, password: "grants console passphrase", name: "Otto Other", tenantId });
  await sql`insert into oauth_model (model, id, payload) values ('Client', ${`editor-${run}`}, ${sql.json({ redirect_uris: ["http://127.0.0.1:33418/callback", "https://editor.example/oauth"] })})`;
  for (const person of [userId, otherUserId])
    await sql`insert into oauth_consent (user_id, client_id, tenant_id, grant_id, scopes, resource, client_name, created_at, updated_at)
              values (${person}, ${`editor-${run}`}, ${tenantId}, ${`grant-${person}`}, 'mcp:read mcp:write', 'https://gatehouse.example/mcp', 'Code Editor', '2026-11-20T10:00:00Z', '2026-11-20T10:00:00Z')`;
  await sql`insert into oauth_model (model, id, grant_id, payload) values ('RefreshToken', ${`rt-${run}`}, ${`grant-${userId}`}, '{}')`;
});
test.afterAll(() => sql.end());

test("Staff.Support sees the person's connected apps and cannot revoke them", async ({ page }) => {
  await signInAsStaff(page, staff.sam.name);
  await page.goto(`/manage/users/${userId}`);
  const apps = page.getByRole("region", { name: "Connected apps" });
  await expect(apps.getByRole("listitem")).toHaveCount(1);
  await expect(apps).toContainText("Code Editor");
  await expect(apps).toContainText("127.0.0.1:33418, editor.example");
  await expect(apps.getByRole("link", { name: "Tailspin Toys" })).toHaveAttribute("href", `/manage/tenants/${tenantId}`);
  await expect(apps).toContainText("mcp:read mcp:write · granted 20 Nov 2026, 10:00 UTC");
  await expect(apps.getByRole("button", { name: "Revoke" })).toHaveCount(0);
  const refused = await page.request.delete(`/api/v1/manage/users/${userId}/grants/${`editor-${run}`}`, { headers: { origin: BASE_URL } });
  expect(refused.status()).toBe(403);
  expect(await refused.json()).toMatchObject({ error: "staff_read_only" });
  expect(await sql`select 1 from oauth_consent where user_id = ${userId}`).toHaveLength(1);
});

test("Staff.Admin revokes one person's app after confirming in the page; the other person's grant of the same app stays", async ({ page }) => {
  await signInAsStaff(page, staff.olivia.name);
  await page.goto(`/manage/users/${userId}`);
  const apps = page.getByRole("region", { name: "Connected apps" });
  await apps.getByRole("button", { name: "Revoke" }).click();
  const confirm = apps.getByRole("alertdialog");
  await expect(confirm).toContainText("Revoke Code Editor for this person?");
  await expect(confirm.getByRole("button", { name: "Cancel" })).toBeFocused();
  await confirm.getByRole("button", { name: "Yes, revoke" }).click();
  await expect(apps.getByRole("status")).toHaveText("Code Editor was revoked for this person: its refresh tokens no longer work.");
  await expect(apps).toContainText("No connected apps.");

  expect(await sql`select 1 from oauth_consent where user_id = ${userId}`).toHaveLength(0);
  expect(await sql`select 1 from oauth_model where grant_id = ${`grant-${userId}`}`).toHaveLength(0);
  expect(await sql`select 1 from oauth_consent where user_id = ${otherUserId}`).toHaveLength(1);
  const [event] = await sql`select actor_type, actor_label from audit_event where kind = 'oauth.grant_revoked' and outcome = 'success' and detail->>'userId' = ${userId}`;
  expect(event).toEqual({ actor_type: "staff", actor_label: staff.olivia.email });

  const again = await page.request.delete(`/api/v1/manage/users/${userId}/grants/${`editor-${run}`}`, { headers: { origin: BASE_URL } });
  expect(again.status()).toBe(404);
  expect(await again.json()).toMatchObject({ error: "grant_not_found", reference: expect.stringMatching(/^GH-/) });
});
