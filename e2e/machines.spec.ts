import { expect, test } from "@playwright/test";
import { startGatehouseWithUpstream, signIn, whoamiThroughGateway, workspaceWithPerson, type GatehouseWithUpstream } from "./support/gatehouse-with-upstream";
import { expectNoHorizontalScroll, PHONE } from "./support/layout";

/**
 * Machine accounts end to end, on the production build: an admin creates a machine on Settings → Machines, copies
 * the Client ID and secret shown once, the machine gets a token by client credentials at the token endpoint and
 * calls `/mcp` through the real MCP SDK client (the upstream is told it is a machine); once the machine is
 * deleted its secret is refused and its token too.
 */
let world: GatehouseWithUpstream;
const PASSWORD = "a machine-minding passphrase";

test.describe.configure({ mode: "serial" });
test.beforeAll(async () => {
  test.setTimeout(120_000);
  world = await startGatehouseWithUpstream("machines");
});
test.afterAll(async () => world?.stop());

async function clientCredentials(clientId: string, clientSecret: string) {
  const response = await fetch(world.url("/oauth2/token"), {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", authorization: `Basic ${Buffer.from(`${clientId}:${clientSecret}`).toString("base64")}` },
    body: new URLSearchParams({ grant_type: "client_credentials", resource: world.url("/mcp") }),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

for (const viewport of [null, PHONE]) {
  const width = viewport ? "390 px" : "desktop";

  test(`an admin creates a machine, which gets a token by client credentials and calls /mcp as a machine; deleted, it is refused (${width})`, async ({ page, context }) => {
    if (viewport) await page.setViewportSize(viewport);
    await context.grantPermissions(["clipboard-read", "clipboard-write"]);
    const key = `robots-${viewport ? "p" : "d"}`;
    const login = `admin@${key}.example`;
    const { tenantId } = await workspaceWithPerson(world, { key, login, password: PASSWORD, role: "admin" });
    await signIn(page, world, login, PASSWORD);

    await page.goto(world.url("/settings/machines"));
    await expect(page.getByRole("heading", { name: "Machines" })).toBeVisible();
    await expect(page.getByText("This workspace has no machines.")).toBeVisible();
    await expectNoHorizontalScroll(page);

    // A name is required: a clear message on the field with a reference, nothing created.
    await page.getByRole("button", { name: "Create machine" }).click();
    await expect(page.locator("#name-error")).toContainText("Enter a name of 1 to 60 characters, such as the service or job that will use the machine.");
    await expect(page.locator("#name-error")).toContainText(/GH-[A-Z0-9]{4}-[A-Z0-9]{4}/);

    await page.getByLabel("Name").fill("Nightly indexer");
    await expect(page.getByRole("checkbox", { name: /mcp/ })).toBeChecked();
    await page.getByRole("button", { name: "Create machine" }).click();
    const shown = page.getByTestId("machine-credentials");
    await expect(shown.getByRole("status")).toHaveText("Copy the Client ID and the Client secret now. Gatehouse keeps only a hash of the secret and cannot show it again.");
    await expect(shown.getByText("Client ID", { exact: true })).toBeVisible();
    await expect(shown.getByText("Client secret", { exact: true })).toBeVisible();
    await shown.getByRole("button", { name: "Copy Client ID" }).click();
    const clientId = await page.evaluate(() => navigator.clipboard.readText());
    await shown.getByRole("button", { name: "Copy Client secret" }).click();
    const clientSecret = await page.evaluate(() => navigator.clipboard.readText());
    expect(clientId).toMatch(/^ghm_[A-Za-z0-9_-]{27}$/);
    expect(clientSecret).toMatch(/^[A-Za-z0-9_-]{43}$/);
    await expect(page.getByTestId("machine-client-secret")).toHaveText(clientSecret);
    await expectNoHorizontalScroll(page);

    // Stored only hashed; shown once.
    const [stored] = await world.database.sql`select s.hash from machine_secret s join machine m on m.id = s.machine_id where m.client_id = ${clientId}`;
    expect(stored!.hash).not.toContain(clientSecret);
    await page.reload();
    await expect(page.getByTestId(`machine-${clientId}`)).toContainText("last used never");
    expect(await page.content()).not.toContain(clientSecret);

    const token = await clientCredentials(clientId, clientSecret);
    expect(token.status).toBe(200);
    expect(token.body.refresh_token).toBeUndefined();
    const accessToken = token.body.access_token as string;
    expect(await whoamiThroughGateway(world, accessToken)).toMatchObject({ principal: "machine", subject: clientId, workspace: key, scope: "mcp", credential: "gatehouse_access_token" });
    await page.reload();
    await expect(page.getByTestId(`machine-${clientId}`)).not.toContainText("last used never");
    await expectNoHorizontalScroll(page);

    await page.getByRole("button", { name: "Delete Nightly indexer" }).click();
    await expect(page.getByText("This workspace has no machines.")).toBeVisible();
    expect(await clientCredentials(clientId, clientSecret)).toMatchObject({ status: 401, body: { error: "invalid_client" } });
    const refused = await fetch(world.url("/mcp"), {
      method: "POST",
      headers: { authorization: `Bearer ${accessToken}`, "content-type": "application/json", accept: "application/json, text/event-stream" },
      body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "initialize", params: { protocolVersion: "2025-06-18", capabilities: {}, clientInfo: { name: "e2e", version: "1" } } }),
    });
    expect(refused.status).toBe(401);
    const [audited] = await world.database.sql`select count(*)::int as n from audit_event where tenant_id = ${tenantId} and kind in ('machine.created', 'machine.token_issued', 'machine.deleted')`;
    expect(audited!.n).toBe(3);
  });
}
