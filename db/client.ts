import { join } from "node:path";
import { PGlite } from "@electric-sql/pglite";
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import { drizzle as drizzlePostgres } from "drizzle-orm/postgres-js";
import postgres from "postgres";
import * as schema from "./schema";

export type Schema = typeof schema;
/** Both drivers give the same Drizzle database, so every query and the Auth.js adapter run unchanged on either. */
export type Database = PgDatabase<PgQueryResultHKT, Schema>;

export type DatabaseHandle = {
  db: Database;
  driver: "postgres" | "pglite";
  close(): Promise<void>;
};

export type DatabaseTarget = { databaseUrl?: string; dataDir: string };

/**
 * With DATABASE_URL: postgres.js against a Postgres server. Without: an embedded PGlite database in DATA_DIR.
 * Timestamps are `timestamptz` and the session time zone is UTC, so the server's own TimeZone never shifts them.
 */
export function openDatabase(target: DatabaseTarget): DatabaseHandle {
  if (target.databaseUrl) {
    const client = postgres(target.databaseUrl, {
      max: 10,
      connect_timeout: 5,
      idle_timeout: 30,
      onnotice: () => {},
      connection: { TimeZone: "UTC", application_name: "gatehouse" },
    });
    return { db: drizzlePostgres({ client, schema }), driver: "postgres", close: () => client.end({ timeout: 5 }) };
  }
  // "memory://" keeps the embedded database in memory (tests); anything else is a directory under DATA_DIR.
  const client = new PGlite(target.dataDir === "memory://" ? "memory://" : join(target.dataDir, "pgdata"));
  return { db: drizzlePglite({ client, schema }), driver: "pglite", close: () => client.close() };
}

const shared = globalThis as typeof globalThis & { __gatehouseDatabase?: DatabaseHandle };

/**
 * The process's one database handle. The custom server opens it (and migrates) before Next.js starts; the app bundle
 * finds it here. PGlite in particular must be opened once per process: two handles on one directory corrupt it.
 */
export function sharedDatabaseHandle(open: () => DatabaseHandle): DatabaseHandle {
  shared.__gatehouseDatabase ??= open();
  return shared.__gatehouseDatabase;
}

export function forgetDatabaseHandle(): void {
  shared.__gatehouseDatabase = undefined;
}
