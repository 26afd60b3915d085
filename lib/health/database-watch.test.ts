import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase, type Database } from "@/db/client";
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

  it("does not call one failed probe an outage when the next one answers", async () => {
    // The one place a stand-in for the database is needed: a probe that fails once, then never again.
    let probes = 0;
    const blip = { execute: () => (probes++ === 0 ? Promise.reject(new Error("one lost answer")) : t.db.execute(sql`select 1`)) } as unknown as Database;
    const changes: boolean[] = [];
    const watch = watchDatabase(blip, { intervalMs: 60_000, onChange: (down) => changes.push(down) });
    watch.checkNow();
    await eventually(() => probes >= 2);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(watch.isDown()).toBe(false);
    expect(changes).toEqual([]);
    watch.stop();
  });

  it("confirms a failed probe at once: a database that refuses connections is down within a second, not an interval later", async () => {
    const refused = openDatabase({ databaseUrl: "postgres://postgres@127.0.0.1:1/none", dataDir: "unused" });
    const watch = watchDatabase(refused.db, { intervalMs: 60_000 });
    const started = Date.now();
    watch.checkNow();
    await eventually(() => watch.isDown(), 5000);
    expect(Date.now() - started).toBeLessThan(1000);
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

  it.skipIf(!process.env.DATABASE_URL)("sees a database that falls silent (a partition) down within 1.45 s, and back within half a second", async () => {
    const url = new URL(t.url!);
    const proxy = await startTcpProxy({ host: url.hostname, port: Number(url.port || 5432) });
    url.host = `127.0.0.1:${proxy.port}`;
    const handle = openDatabase({ databaseUrl: url.toString(), dataDir: "unused", databaseTimeouts: { statementMs: 1500, connectMs: 1500 } });
    const watch = watchDatabase(handle.db);
    try {
      await eventually(() => !watch.isDown());
      await new Promise((resolve) => setTimeout(resolve, 600));
      proxy.blackHole();
      const silentAt = Date.now();
      await eventually(() => watch.isDown(), 5000);
      expect(Date.now() - silentAt).toBeLessThan(1450 + 250);
      proxy.restore();
      const restoredAt = Date.now();
      await eventually(() => !watch.isDown(), 5000);
      expect(Date.now() - restoredAt).toBeLessThan(500);
    } finally {
      watch.stop();
      await handle.close();
      await proxy.close();
    }
  });
});
