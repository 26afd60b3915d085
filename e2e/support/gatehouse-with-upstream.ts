import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { expect, type Page } from "@playwright/test";
import { startDemoMcpServer, type DemoMcpServer } from "../mcp-demo-server/server";
import { createDedicatedDatabase } from "./dedicated-database";
import { createPasswordUser } from "./password-users";
import { spawnGatehouse, type RunningServer } from "./spawn-server";

/**
 * A Gatehouse of its own (the production build, spawned) on a database of its own, with the demo MCP server as its
 * upstream, and a workspace with one admin who signs in with a password: for the tests that take a credential made
 * in the browser to `/mcp` through the real MCP SDK client.
 */
export type GatehouseWithUpstream = {
  server: RunningServer;
  demo: DemoMcpServer;
  database: Awaited<ReturnType<typeof createDedicatedDatabase>>;
  url(path: string): string;
  stop(): Promise<void>;
};

export async function startGatehouseWithUpstream(suffix: string): Promise<GatehouseWithUpstream> {
  let publicUrl = "";
  const demo = await startDemoMcpServer({ gatehouseUrl: () => publicUrl });
  const database = await createDedicatedDatabase(suffix);
  const server = await spawnGatehouse({ DATABASE_URL: database.url, MCP_UPSTREAM_URL: demo.url });
  publicUrl = server.publicUrl;
  return {
    server,
    demo,
    database,
    url: (path) => `${server.publicUrl}${path}`,
    async stop() {
      await server.stop();
      await demo.stop();
      await database.drop();
    },
  };
}

export async function workspaceWithPerson(world: GatehouseWithUpstream, input: { key: string; login: string; password: string; role: "admin" | "member" }) {
  const [tenant] = await world.database.sql`insert into tenant (id, key, name) values (${crypto.randomUUID()}, ${input.key}, ${`Workspace ${input.key}`}) returning id`;
  const userId = await createPasswordUser(world.database.sql, { login: input.login, password: input.password, tenantId: tenant!.id, role: input.role });
  return { tenantId: tenant!.id as string, userId };
}

/** /login on this Gatehouse, as a person does it. */
export async function signIn(page: Page, world: GatehouseWithUpstream, login: string, password: string): Promise<void> {
  await page.goto(world.url("/login"));
  await page.getByLabel("Email or username").fill(login);
  await page.getByRole("button", { name: "Continue" }).click();
  await page.getByLabel("Password", { exact: true }).fill(password);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(page).toHaveURL(/\/auth\/callback$/);
}

/** The real MCP SDK client at `/mcp` with a bearer credential: calls whoami and answers what the upstream was told. */
export async function whoamiThroughGateway(world: GatehouseWithUpstream, bearer: string): Promise<Record<string, unknown>> {
  const client = new Client({ name: "e2e-credentials", version: "1.0.0" });
  await client.connect(new StreamableHTTPClientTransport(new URL(world.url("/mcp")), { requestInit: { headers: { authorization: `Bearer ${bearer}` } } }));
  try {
    return (await client.callTool({ name: "whoami", arguments: {} })).structuredContent as Record<string, unknown>;
  } finally {
    await client.close();
  }
}
