import { expect, test } from "@playwright/test";
import { E2E_DATABASE_URL } from "./support/environment";
import { spawnGatehouse } from "./support/spawn-server";
import { startTcpProxy } from "./support/tcp-proxy";

test("health answers 200 while the database is reachable", async ({ request }) => {
  const response = await request.get("/api/health");
  expect(response.status()).toBe(200);
  expect(await response.json()).toEqual({ status: "ok", database: "reachable" });
});

test("health answers 503 while the database is cut off, and 200 again once it is back, without a restart", async ({ request }) => {
  const target = new URL(E2E_DATABASE_URL);
  const proxy = await startTcpProxy({ host: target.hostname, port: Number(target.port || 5432) });
  target.host = `127.0.0.1:${proxy.port}`;
  const server = await spawnGatehouse({ DATABASE_URL: target.toString() });
  try {
    expect((await request.get(`${server.url}/api/health`)).status()).toBe(200);
    proxy.cut();
    const down = await request.get(`${server.url}/api/health`);
    expect(down.status()).toBe(503);
    expect(await down.json()).toEqual({
      status: "unavailable",
      database: "unreachable",
      message: "Gatehouse cannot reach its database right now. Try again in a moment.",
    });
    proxy.restore();
    await expect.poll(async () => (await request.get(`${server.url}/api/health`)).status(), { timeout: 15_000 }).toBe(200);
  } finally {
    await server.stop();
    await proxy.close();
  }
});
