import { randomBytes } from "node:crypto";
import postgres from "postgres";
import { afterAll, beforeAll, inject } from "vitest";
import { openDatabase, type Database, type DatabaseHandle } from "../client";
import { migrateDatabase } from "../migrate";
import { withDatabase } from "./global-setup";

export type TestDatabase = { db: Database; handle: DatabaseHandle; url: string | undefined; close(): Promise<void> };

/**
 * A migrated database for one test file: a clone of the run's template on the Postgres server, or a fresh
 * in-memory PGlite when the run has no server. Call in beforeAll and close in afterAll.
 */
export async function openTestDatabase(): Promise<TestDatabase> {
  const provided = inject("testDatabase");
  if (!provided) {
    const handle = openDatabase({ dataDir: "memory://" });
    await migrateDatabase({ dataDir: "memory://" }, handle);
    return { db: handle.db, handle, url: undefined, close: () => handle.close() };
  }
  const name = `${provided.prefix}_${randomBytes(4).toString("hex")}`;
  const admin = postgres(provided.serverUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database "${name}" template "${provided.template}"`);
  const url = withDatabase(provided.serverUrl, name);
  const handle = openDatabase({ databaseUrl: url, dataDir: "unused" });
  return {
    db: handle.db,
    handle,
    url,
    close: async () => {
      await handle.close();
      await admin.unsafe(`drop database if exists "${name}" with (force)`);
      await admin.end();
    },
  };
}

/**
 * The usual set-up of a test file that needs a database: opened before the file's tests, closed after them.
 * `const t = withTestDatabase();` then `t.db` inside tests.
 */
export function withTestDatabase(): { readonly db: Database } {
  let current: TestDatabase | undefined;
  beforeAll(async () => {
    current = await openTestDatabase();
  });
  afterAll(() => current?.close());
  return {
    get db() {
      if (!current) throw new Error("the test database is opened in beforeAll; use it inside tests");
      return current.db;
    },
  };
}
