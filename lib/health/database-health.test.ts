import { describe, expect, it } from "vitest";
import { openDatabase } from "@/db/client";
import { withTestDatabase } from "@/db/testing/test-database";
import { checkDatabaseHealth } from "./database-health";

const t = withTestDatabase();

describe("checkDatabaseHealth", () => {
  it("reports a reachable database as healthy", async () => {
    expect(await checkDatabaseHealth(t.db)).toMatchObject({ ok: true });
  });

  it("reports a database server that refuses connections as down, within the deadline", async () => {
    const down = openDatabase({ databaseUrl: "postgres://postgres@127.0.0.1:1/none", dataDir: "unused" });
    const started = Date.now();
    const health = await checkDatabaseHealth(down.db, 1500);
    expect(health.ok).toBe(false);
    expect(Date.now() - started).toBeLessThan(3000);
    await down.close();
  });
});
