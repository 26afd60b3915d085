import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase } from "@/db/client";
import { openTestDatabase, type TestDatabase } from "@/db/testing/test-database";
import { startTcpProxy } from "@/e2e/support/tcp-proxy";
import { watchDatabase } from "./database-watch";

let t: TestDatabase;
beforeAll(async () => {
  t = await openTestDatabase();
});
afterAll(() => t.close());

async function eventually(condition: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error("the condition did not hold in time");
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe("watchDatabase", () => {
  it("keeps a reachable database up", async () => {
    const watch = watchDatabase(t.db, { intervalMs: 20 });
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(watch.isDown()).toBe(false);
    watch.stop();
  });

  it("does not call a late answer an outage when this process itself was starved", async () => {
    const watch = watchDatabase(t.db, { intervalMs: 60_000, timeoutMs: 50, failuresToDown: 1 });
    watch.checkNow();
    const blockedUntil = Date.now() + 300;
    while (Date.now() < blockedUntil); // the event loop is busy: the deadline timer cannot fire on time
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(watch.isDown()).toBe(false);
    watch.stop();
  });

  it("finds a database that refuses connections down after two failed probes in a row", async () => {
    const refused = openDatabase({ databaseUrl: "postgres://postgres@127.0.0.1:1/none", dataDir: "unused" });
    const watch = watchDatabase(refused.db, { intervalMs: 60_000 });
    watch.checkNow();
    await new Promise((resolve) => setTimeout(resolve, 300));
    // One failed probe is not yet an outage: a busy database may answer one probe late.
    expect(watch.isDown()).toBe(false);
    watch.checkNow();
    await eventually(() => watch.isDown());
    watch.stop();
    await refused.close();
  });

  it.skipIf(!process.env.DATABASE_URL)("sees a cut connection go down and come back without a new handle", async () => {
    const url = new URL(t.url!);
    const proxy = await startTcpProxy({ host: url.hostname, port: Number(url.port || 5432) });
    url.host = `127.0.0.1:${proxy.port}`;
    const handle = openDatabase({ databaseUrl: url.toString(), dataDir: "unused" });
    const changes: boolean[] = [];
    const watch = watchDatabase(handle.db, { intervalMs: 50, onChange: (down) => changes.push(down) });
    try {
      proxy.cut();
      await eventually(() => watch.isDown());
      proxy.restore();
      await eventually(() => !watch.isDown());
      expect(changes).toEqual([true, false]);
    } finally {
      watch.stop();
      await handle.close();
      await proxy.close();
    }
  });
});
