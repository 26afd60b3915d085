import { expect, test } from "@playwright/test";
import { messageFor } from "../lib/errors/user-messages";
import { connectToTestDatabase } from "./support/database";
import { TAILSPIN_TENANT_ID } from "./support/entra-test-seed";
import { createPasswordUser, signInWithPassword } from "./support/password-users";

const sql = connectToTestDatabase();
const OWNER = "mcp-card-owner";
const OWNER_PASSWORD = "mcp card owner passphrase";
const AUDIENCE = "3f6b2a1c-8d4e-4f70-9a1b-2c3d4e5f6a7b";
const OID = "8c1d2e3f-4a5b-4c6d-8e7f-9a0b1c2d3e4f";
let tenantId: string;

test.beforeAll(async () => {
  const [tenant] = await sql`insert into tenant (id, key, name) values (${crypto.randomUUID()}, 'mcp-card', 'MCP Card Co') returning id`;
  tenantId = tenant!.id;
  await createPasswordUser(sql, { login: OWNER, password: OWNER_PASSWORD, name: "MCP Card Owner", tenantId, role: "admin" });
});
test.describe.configure({ mode: "serial" });
test.afterAll(() => sql.end());

test("the tenant admin tests and saves MCP access, sees the MCP URL, and provisions and removes a developer", async ({ page, baseURL }) => {
  await signInWithPassword(page, OWNER, OWNER_PASSWORD);
  await page.goto("/settings/mcp");
  await expect(page.getByTestId("mcp-status")).toHaveText("Not configured");
  await expect(page.getByLabel("MCP URL")).toHaveValue(`${baseURL}/t/mcp-card/mcp`);
  await expect(page.getByLabel("Required scope")).toHaveValue("mcp.access");
  await expect(page.getByRole("heading", { name: "Register the apps in Microsoft Entra ID" })).toBeVisible();

  await page.getByLabel("Tenant ID").fill("contoso");
  await page.getByLabel("Audience").fill("my api");
  await page.getByRole("button", { name: "Save", exact: true }).click();
  await expect(page.locator("#entraTenantId-error")).toHaveText(messageFor("mcp_tenant_id_invalid"));
  await expect(page.locator("#audience-error")).toHaveText(messageFor("mcp_audience_invalid"));
  expect(await sql`select 1 from mcp_access_config where tenant_id = ${tenantId}`).toHaveLength(0);

  await page.getByLabel("Tenant ID").fill("0f0e0d0c-0b0a-4909-8807-060504030201");
  await page.getByRole("button", { name: "Test connection" }).click();
  await expect(page.getByTestId("mcp-test-result")).toHaveText(messageFor("mcp_test_unknown_tenant"));

  await page.getByLabel("Tenant ID").fill(TAILSPIN_TENANT_ID);
  await page.getByLabel("Audience").fill(`api://${AUDIENCE}`);
  await page.getByRole("button", { name: "Test connection" }).click();
  await expect(page.getByTestId("mcp-test-result")).toHaveText(messageFor("mcp_test_verified"));
  await page.getByRole("button", { name: "Save", exact: true }).click();
  await expect(page.getByTestId("mcp-status")).toHaveText("Configured");
  await expect(page.getByTestId("mcp-client-scope")).toHaveText(`api://${AUDIENCE}/mcp.access`);
  const [saved] = await sql`select entra_tenant_id, audience, required_scope, accept_v1_tokens from mcp_access_config where tenant_id = ${tenantId}`;
  expect(saved).toEqual({ entra_tenant_id: TAILSPIN_TENANT_ID, audience: AUDIENCE, required_scope: "mcp.access", accept_v1_tokens: false });

  await page.getByLabel("Email").fill("dev@tailspin.example");
  await page.getByLabel("Object ID (oid)").fill("not-a-guid");
  await page.getByRole("button", { name: "Add user" }).click();
  await expect(page.locator("#provision-oid-error")).toHaveText(messageFor("mcp_user_oid_invalid"));
  await page.getByLabel("Object ID (oid)").fill(OID);
  await page.getByRole("button", { name: "Add user" }).click();
  await expect(page.getByText(messageFor("mcp_user_added"))).toBeVisible();
  await expect(page.getByRole("cell", { name: OID })).toBeVisible();

  await page.getByLabel("Search by e-mail or Object ID").fill("nobody-here");
  await page.getByRole("button", { name: "Search" }).click();
  await expect(page.getByText("Nobody matches this search.")).toBeVisible();
  await page.goto("/settings/mcp?q=dev%40tailspin");
  await page.getByRole("button", { name: "Remove dev@tailspin.example" }).click();
  await expect(page.getByText(messageFor("mcp_user_removed"))).toBeVisible();
  expect(await sql`select 1 from mcp_provisioned_user where tenant_id = ${tenantId}`).toHaveLength(0);

  // Without MCP_UPSTREAM_URL the gateway says so; the workspace's protected-resource metadata names its directory.
  const gateway = await page.request.post("/t/mcp-card/mcp", { data: {} });
  expect(gateway.status()).toBe(503);
  expect(((await gateway.json()) as { error: { message: string } }).error.message).toBe("No MCP server is configured");
  const prm = (await (await page.request.get("/.well-known/oauth-protected-resource/t/mcp-card/mcp")).json()) as Record<string, unknown>;
  expect(prm).toMatchObject({ resource: `${baseURL}/t/mcp-card/mcp`, scopes_supported: [`api://${AUDIENCE}/mcp.access`] });
});

test("the tenant admin previews a CSV with every row's error, then imports a clean one all at once", async ({ page }) => {
  await signInWithPassword(page, OWNER, OWNER_PASSWORD);
  await page.goto("/settings/mcp");
  const oid = (i: number) => `00000000-0000-4000-8000-${String(i).padStart(12, "0")}`;
  const bad = ["email,oid", `one@tailspin.example,${oid(1)}`, "not-an-address,not-a-guid", `two@tailspin.example,${oid(1)}`].join("\n");
  await page.getByLabel("CSV file").setInputFiles({ name: "people.csv", mimeType: "text/csv", buffer: Buffer.from(bad) });
  await page.getByRole("button", { name: "Preview" }).click();
  await expect(page.getByTestId("csv-summary")).toHaveText("1 ready to import, 2 with errors.");
  await expect(page.getByRole("cell", { name: `${messageFor("mcp_csv_email_invalid")} ${messageFor("mcp_csv_oid_invalid")}` })).toBeVisible();
  await expect(page.getByRole("cell", { name: messageFor("mcp_csv_duplicate_in_file") })).toBeVisible();
  await expect(page.getByRole("button", { name: /^Import/ })).toHaveCount(0);

  const good = ["email,oid", ...Array.from({ length: 120 }, (_, i) => `dev${i}@tailspin.example,${oid(i)}`)].join("\n");
  await page.getByLabel("CSV file").setInputFiles({ name: "people.csv", mimeType: "text/csv", buffer: Buffer.from(good) });
  await page.getByRole("button", { name: "Preview" }).click();
  await expect(page.getByTestId("csv-summary")).toHaveText("120 ready to import, 0 with errors.");
  await page.getByRole("button", { name: "Import 120 users" }).click();
  await expect(page.getByText("120 imported.")).toBeVisible();
  await expect(page.getByText(/120 users · page 1 of 3/)).toBeVisible();
  expect(await sql`select 1 from mcp_provisioned_user where tenant_id = ${tenantId}`).toHaveLength(120);
});
