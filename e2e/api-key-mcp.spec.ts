import { expect, test } from "@playwright/test";
import { startGatehouseWithUpstream, signIn, whoamiThroughGateway, workspaceWithPerson, type GatehouseWithUpstream } from "./support/gatehouse-with-upstream";

/** A personal API key made on /account/api-keys calls `/mcp` through the real MCP SDK client, as its owner. */
let world: GatehouseWithUpstream;
const PASSWORD = "a key-carrying passphrase";

test.beforeAll(async () => {
  test.setTimeout(120_000);
  world = await startGatehouseWithUpstream("apikeymcp");
});
test.afterAll(async () => world?.stop());

test("a person's API key calls /mcp and the upstream is told it is that person, by API key", async ({ page }) => {
  const login = "dana@keys-mcp.example";
  const { userId } = await workspaceWithPerson(world, { key: "keys-mcp", login, password: PASSWORD, role: "member" });
  await signIn(page, world, login, PASSWORD);
  await page.goto(world.url("/account/api-keys"));
  await page.getByLabel("Name").fill("CI runner");
  await page.getByRole("button", { name: "Create key" }).click();
  const key = (await page.getByTestId("new-api-key-value").textContent())!;
  expect(key).toMatch(/^ghk_/);
  expect(await whoamiThroughGateway(world, key)).toMatchObject({ principal: "user", subject: userId, email: login, workspace: "keys-mcp", scope: "mcp", credential: "personal_api_key" });
});
