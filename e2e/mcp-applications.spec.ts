import { expect, test } from "@playwright/test";
import { messageFor } from "../lib/errors/user-messages";
import { connectToTestDatabase } from "./support/database";
import { createPasswordUser, signInWithPassword } from "./support/password-users";

/** Settings → MCP access → Applications: a tenant admin registers, disables and removes an Entra service principal. */
const sql = connectToTestDatabase();
const OWNER = "mcp-apps-owner";
const OWNER_PASSWORD = "mcp apps owner passphrase";
const APP_ID = "5d4c3b2a-1f0e-4d9c-8b7a-6f5e4d3c2b1a";
let tenantId: string;

test.beforeAll(async () => {
  const [tenant] = await sql`insert into tenant (id, key, name) values (${crypto.randomUUID()}, 'mcp-apps', 'MCP Apps Co') returning id`;
  tenantId = tenant!.id;
  await createPasswordUser(sql, { login: OWNER, password: OWNER_PASSWORD, name: "MCP Apps Owner", tenantId, role: "admin" });
});
test.afterAll(() => sql.end());

test("the tenant admin registers an application by its Application ID, disables it and removes it", async ({ page }) => {
  await signInWithPassword(page, OWNER, OWNER_PASSWORD);
  await page.goto("/settings/mcp");
  const card = page.getByRole("region", { name: "Applications (app-only access)" });
  await expect(card.getByText("No application is registered: app-only tokens are refused.")).toBeVisible();

  await card.getByLabel("Application (client) ID").fill("api://indexer");
  await card.getByLabel("Name").fill("Nightly indexer");
  await card.getByLabel("Allowed MCP scopes").fill("mcp.files");
  await card.getByRole("button", { name: "Register application" }).click();
  await expect(card.getByText(messageFor("service_principal_app_id_invalid"))).toBeVisible();
  await expect(card.getByText(messageFor("service_principal_scopes_invalid"))).toBeVisible();
  expect(await sql`select 1 from entra_service_principal where tenant_id = ${tenantId}`).toHaveLength(0);

  await card.getByLabel("Application (client) ID").fill(APP_ID.toUpperCase());
  await card.getByLabel("Allowed MCP scopes").fill("mcp.access mcp.files");
  await card.getByRole("button", { name: "Register application" }).click();
  await expect(card.getByRole("status")).toHaveText(messageFor("service_principal_added"));
  const row = card.getByRole("row", { name: /Nightly indexer/ });
  await expect(row).toContainText(APP_ID);
  await expect(row).toContainText("Enabled");

  await card.getByRole("button", { name: "Disable Nightly indexer" }).click();
  await expect(row).toContainText("Disabled");
  expect(await sql`select enabled from entra_service_principal where tenant_id = ${tenantId}`).toEqual([{ enabled: false }]);

  await card.getByRole("button", { name: "Remove Nightly indexer" }).click();
  await expect(card.getByText("No application is registered: app-only tokens are refused.")).toBeVisible();
  expect(await sql`select kind from audit_event where tenant_id = ${tenantId} and kind like 'mcp.service_principal_%' order by occurred_at`).toEqual([
    { kind: "mcp.service_principal_added" },
    { kind: "mcp.service_principal_disabled" },
    { kind: "mcp.service_principal_removed" },
  ]);
});
