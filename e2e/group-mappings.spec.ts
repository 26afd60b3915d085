import { randomBytes } from "node:crypto";
import { join } from "node:path";
import { expect, test, type Page } from "@playwright/test";
import type postgres from "postgres";
import { encryptSecret, secretKey } from "@/lib/crypto/secret-box";
import { generatedGroupIds } from "./entra-emulator/seed";
import { entraEmulatorAdmin } from "./support/entra";
import { NORTHWIND_TENANT_ID } from "./support/entra-test-seed";
import { createDedicatedDatabase } from "./support/dedicated-database";
import { E2E_ENTRA_PORT, E2E_ENTRA_STATE_DIR } from "./support/environment";
import { createPasswordUser } from "./support/password-users";
import { freePort, spawnGatehouse, type RunningServer } from "./support/spawn-server";

/**
 * Group mappings with Microsoft Graph, on a server of its own (its own database, MS_GRAPH_HOST = the run's Entra
 * emulator): an admin adds a mapping on Settings → SSO → Group mappings; a person in 250 groups, whose ID token
 * carries the overage claim instead of `groups`, signs in and gets the mapped role through Graph; with Graph down,
 * the next sign-in keeps that role and the audit log says why.
 */
let database: Awaited<ReturnType<typeof createDedicatedDatabase>>;
let sql: postgres.Sql;
let server: RunningServer | undefined;
let port: number;
let tenantId: string;
const ENCRYPTION_KEY = randomBytes(32).toString("base64url");
const SSO_APP = { clientId: "7e1d2c3b-4a59-4867-9a5b-6c7d8e9f0a1b", secret: "group-mappings-sso-secret~e2e-only" };
const OWNER = { login: "graphco-owner", password: "graphco owner passphrase" };
const robin = { oid: "8f7e6d5c-4b3a-4291-8e7f-6d5c4b3a2918", name: "Robin Overage", preferredUsername: "robin@graphco.example", email: "robin@graphco.example", emailDomainVerified: true };
const robinGroups = generatedGroupIds(NORTHWIND_TENANT_ID, robin.oid, 250);
/** On Graph's third page (the emulator pages by 100). */
const ADMIN_GROUP = robinGroups[242]!;
const url = (path: string) => `http://localhost:${port}${path}`;

test.describe.configure({ mode: "serial" });

test.beforeAll(async () => {
  test.setTimeout(120_000);
  database = await createDedicatedDatabase("groups");
  sql = database.sql;
  port = await freePort();
  const entra = entraEmulatorAdmin();
  await entra.addUser(NORTHWIND_TENANT_ID, { ...robin, groups: robinGroups });
  await entra.addApp(NORTHWIND_TENANT_ID, {
    clientId: SSO_APP.clientId,
    displayName: "GraphCo SSO (e2e)",
    secrets: [{ value: SSO_APP.secret }],
    redirectUris: [`http://localhost:${port}/api/v1/auth/callback/t-graphco`],
    groupMembershipClaims: "SecurityGroup",
  });
  // The server migrates its database at start: the rows go in after.
  server = await spawnGatehouse({
    PORT: String(port),
    DATABASE_URL: database.url,
    SECRET_ENCRYPTION_KEY: ENCRYPTION_KEY,
    MS_AUTHORITY_HOST: `https://localhost:${E2E_ENTRA_PORT}`,
    MS_GRAPH_HOST: `https://localhost:${E2E_ENTRA_PORT}`,
    NODE_EXTRA_CA_CERTS: join(E2E_ENTRA_STATE_DIR, "ca.pem"),
  });
  const [tenant] = await sql`insert into tenant (id, key, name) values (${crypto.randomUUID()}, 'graphco', 'GraphCo') returning id`;
  tenantId = tenant!.id as string;
  await sql`insert into tenant_domain (domain, tenant_id, verified_at) values ('graphco.example', ${tenantId}, now())`;
  await sql`insert into tenant_sso_config (tenant_id, kind, entra_tenant_id, client_id, client_secret_encrypted, enabled)
    values (${tenantId}, 'entra', ${NORTHWIND_TENANT_ID}, ${SSO_APP.clientId},
      ${encryptSecret(SSO_APP.secret, tenantId, secretKey(new Uint8Array(Buffer.from(ENCRYPTION_KEY, "base64url"))))}, true)`;
  await createPasswordUser(sql, { ...OWNER, name: "GraphCo Owner", tenantId, role: "admin" });
});

test.afterAll(async () => {
  await entraEmulatorAdmin().setGraphMode(null);
  await server?.stop();
  await database?.drop();
});

async function signInAsRobin(page: Page) {
  await page.goto(url(`/login?login_hint=${encodeURIComponent(robin.email)}`));
  await page.getByRole("button", { name: new RegExp(robin.name) }).click();
  await expect(page).toHaveURL(/\/auth\/callback$/);
}

const robinsRole = async () =>
  (await sql`select m.role from tenant_membership m join account a on a.user_id = m.user_id where a.provider_account_id = ${`${NORTHWIND_TENANT_ID}:${robin.oid}`} and m.tenant_id = ${tenantId}`)[0]?.role;

test("an admin adds a group mapping on Settings → SSO → Group mappings, and a bad Object ID is explained", async ({ page }) => {
  await page.goto(url("/login"));
  await page.getByLabel("Email or username").fill(OWNER.login);
  await page.getByRole("button", { name: "Continue" }).click();
  await page.getByLabel("Password", { exact: true }).fill(OWNER.password);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(page).toHaveURL(/\/auth\/callback$/);

  await page.goto(url("/settings/sso/group-mappings"));
  await expect(page.getByRole("heading", { name: "Group mappings" })).toBeVisible();
  await expect(page.locator("#precedence")).toContainText("an app role in the role claim");
  // Entra sends no groups unless the app asks for them: the page says how, and what Graph needs for the overage.
  await expect(page.locator("#entra-setup")).toContainText("Token configuration → Add groups claim → Security groups");
  await expect(page.locator("#entra-setup")).toContainText("User.ReadBasic.All and GroupMember.Read.All");

  await page.getByLabel("Group Object ID").fill("Mcp-test-admin");
  await page.getByRole("button", { name: "Add mapping" }).click();
  await expect(page.getByText("Enter the group's Object ID, a GUID")).toBeVisible();
  expect(await sql`select 1 from group_mapping where tenant_id = ${tenantId}`).toHaveLength(0);

  await page.getByLabel("Group Object ID").fill(ADMIN_GROUP.toUpperCase());
  await page.getByLabel("Role").selectOption("admin");
  await page.getByLabel("MCP scopes").fill("mcp.access mcp.admin");
  await page.getByRole("button", { name: "Add mapping" }).click();
  await expect(page.getByRole("status")).toHaveText("Mapping added. It applies from each person's next sign-in.");
  await expect(page.getByRole("row", { name: new RegExp(ADMIN_GROUP) })).toContainText("admin");
});

test("a person in 250 groups (overage) signs in and gets the mapped role through Microsoft Graph", async ({ page }) => {
  await entraEmulatorAdmin().resetRequests();
  await signInAsRobin(page);
  await expect(page.getByRole("definition")).toHaveText([robin.name, robin.email, "GraphCo", "Admin"]);
  expect(await robinsRole()).toBe("admin");
  const graph = (await entraEmulatorAdmin().lastRequests(1000)).filter((r) => r.kind === "graph" && r.path.includes(robin.oid));
  expect(graph.map((r) => r.status)).toEqual([200, 200, 200]);
});

test("with Graph down the next sign-in keeps the previous role, and the audit says why", async ({ page }) => {
  // With Graph up this mapping would make Robin a member; with Graph down nothing may be decided on no data.
  await sql`update group_mapping set role = 'member' where tenant_id = ${tenantId}`;
  await entraEmulatorAdmin().setGraphMode({ mode: "down" });
  try {
    await signInAsRobin(page);
  } finally {
    await entraEmulatorAdmin().setGraphMode(null);
  }
  await expect(page.getByRole("definition")).toHaveText([robin.name, robin.email, "GraphCo", "Admin"]);
  expect(await robinsRole()).toBe("admin");
  const [audit] = await sql`select outcome, detail from audit_event where kind = 'sign_in.groups_unresolved' and tenant_id = ${tenantId}`;
  expect(audit).toMatchObject({ outcome: "failure", detail: { reason: "graph_unreachable", role: "kept" } });
});
