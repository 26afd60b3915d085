import type { Server } from "node:http";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openTestDatabase, type TestDatabase } from "@/db/testing/test-database";
import { startDemoMcpServer, type DemoMcpServer } from "@/e2e/mcp-demo-server/server";
import { freePort } from "@/e2e/support/spawn-server";
import { apiKeyHasher } from "@/lib/api-keys/api-key-secret";
import { createApiKey } from "@/lib/api-keys/personal-api-keys";
import { parseSettings } from "@/lib/config/settings";
import { createRouteContext } from "@/lib/server/routes/route-context";
import { listenWithoutNextJs } from "@/lib/server/routes/testing/gatehouse-listener";
import { createIssuerViews } from "@/lib/signin/issuer-view";
import { createPasswordUser, createTenant } from "@/lib/testing/fixtures";
import { frozenClock, systemClock } from "@/lib/time/clock";
import { createAssertionReuse } from "./assertion-reuse";
import { createMcpGateway } from "./create-mcp-gateway";
import type { VerifiedPrincipal } from "./principal";

const principal = (): VerifiedPrincipal => ({
  kind: "user",
  workspace: { id: "w1", key: "contoso" },
  subject: "user-1",
  email: "ada@contoso.example",
  scopes: ["mcp"],
  credential: "gatehouse_access_token",
});

/** A signer that numbers its signatures, so each reuse or new signature shows. */
function counter() {
  let signed = 0;
  return { sign: async () => `assertion-${++signed}`, get signed() { return signed; } };
}

describe("the identity assertions the gateway reuses", () => {
  it("sends the same assertion for a principal's requests in the first 30 seconds of its life, then signs a new one", async () => {
    const clock = frozenClock("2026-06-01T12:00:00Z");
    const reuse = createAssertionReuse(clock);
    const signer = counter();
    const ada = principal();
    expect(await reuse(ada, signer.sign)).toBe("assertion-1");
    clock.advance(29_999);
    expect(await reuse(ada, signer.sign)).toBe("assertion-1");
    clock.advance(1);
    expect(await reuse(ada, signer.sign)).toBe("assertion-2");
    expect(signer.signed).toBe(2);
  });

  it("signs afresh for a principal verified again, as after the principal cache forgot it", async () => {
    const reuse = createAssertionReuse(frozenClock("2026-06-01T12:00:00Z"));
    const signer = counter();
    expect(await reuse(principal(), signer.sign)).toBe("assertion-1");
    expect(await reuse(principal(), signer.sign)).toBe("assertion-2");
  });

  it("does not keep a signature that failed", async () => {
    const reuse = createAssertionReuse(frozenClock("2026-06-01T12:00:00Z"));
    const ada = principal();
    await expect(reuse(ada, () => Promise.reject(new Error("no key")))).rejects.toThrow("no key");
    await Promise.resolve();
    expect(await reuse(ada, async () => "assertion-after")).toBe("assertion-after");
  });
});

describe("the gateway's identity assertions, end to end", () => {
  let t: TestDatabase;
  let demo: DemoMcpServer;
  let server: Server;
  let gatehouse = "";

  beforeAll(async () => {
    t = await openTestDatabase();
    demo = await startDemoMcpServer({ gatehouseUrl: () => gatehouse });
    const port = await freePort();
    gatehouse = `http://localhost:${port}`;
    const settings = parseSettings({
      NODE_ENV: "test",
      API_PUBLIC_URL: gatehouse,
      AUTH_SECRET: "reuse-test-auth-secret-0123456789abcdefgh",
      MGMT_AUTH_SECRET: "reuse-test-console-secret-0123456789abcd",
      SECRET_ENCRYPTION_KEY: Buffer.alloc(32, 9).toString("base64"),
      MCP_UPSTREAM_URL: demo.url,
    });
    // The gateway as the server builds it, listening for credential changes, so that its principal cache serves.
    const gateway = createMcpGateway(settings, t.db, createIssuerViews({ fetch }), fetch, systemClock, t.handle);
    await gateway.listening;
    server = await listenWithoutNextJs(settings, { ...createRouteContext(settings, t.db), mcp: gateway }, port);
  });
  afterAll(async () => {
    server?.closeAllConnections();
    await new Promise((resolve) => server?.close(resolve));
    await demo?.stop();
    await t?.close();
  });

  it("sends the upstream one assertion for a client's requests in a row, signed for that person", async () => {
    const tenant = await createTenant(t.db, "reuse-ws");
    const owner = await createPasswordUser(t.db, { login: "rae@reuse.example", password: "a long password 123", tenantId: tenant.id });
    const created = await createApiKey(t.db, apiKeyHasher(Buffer.alloc(32, 9)), { userId: owner.id, tenantId: tenant.id, clientIp: null }, { name: "cli", expiresInDays: "30", scopes: ["mcp"] }, systemClock);
    if (!created.ok) throw new Error(created.code);
    const from = demo.received.length;
    const client = new Client({ name: "reuse-test", version: "1.0.0" });
    await client.connect(new StreamableHTTPClientTransport(new URL(`${gatehouse}/mcp`), { requestInit: { headers: { authorization: `Bearer ${created.key}` } } }));
    try {
      await client.listTools();
      await client.callTool({ name: "whoami", arguments: {} });
    } finally {
      await client.close();
    }
    const seen = demo.received.slice(from).map((r) => r.authorization);
    expect(seen.length).toBeGreaterThanOrEqual(3);
    expect(new Set(seen).size).toBe(1);
    expect(seen[0]).not.toContain(created.key);
    expect(demo.received.at(-1)!.claims).toMatchObject({ sub: owner.id, workspace: "reuse-ws", credential: "personal_api_key" });
  });
});
