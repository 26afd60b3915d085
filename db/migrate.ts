import { migrate as migratePglite } from "drizzle-orm/pglite/migrator";
import { migrate as migratePostgres } from "drizzle-orm/postgres-js/migrator";
import { drizzle as drizzlePostgres } from "drizzle-orm/postgres-js";
import type { PgliteDatabase } from "drizzle-orm/pglite";
import postgres from "postgres";
import type { DatabaseHandle, DatabaseTarget } from "./client";

export const MIGRATIONS_FOLDER = "drizzle";
/** Any fixed number; every instance takes the same advisory lock, so only one migrates at a time. */
const MIGRATION_LOCK = 7_243_911;

/**
 * Applies the committed SQL migrations. On Postgres, several instances may start at once against one database,
 * so the work runs on one dedicated connection holding an advisory lock; `afterMigrate` (the fresh-install seed)
 * runs under the same lock.
 */
export async function migrateDatabase(
  target: DatabaseTarget,
  handle: DatabaseHandle,
  afterMigrate?: () => Promise<void>,
): Promise<void> {
  if (handle.driver === "pglite") {
    await migratePglite(handle.db as unknown as PgliteDatabase, { migrationsFolder: MIGRATIONS_FOLDER });
    await afterMigrate?.();
    return;
  }
  const lockClient = postgres(target.databaseUrl!, { max: 1, onnotice: () => {}, connect_timeout: 5 });
  try {
    await lockClient`select pg_advisory_lock(${MIGRATION_LOCK})`;
    await migratePostgres(drizzlePostgres({ client: lockClient }), { migrationsFolder: MIGRATIONS_FOLDER });
    await afterMigrate?.();
    await lockClient`select pg_advisory_unlock(${MIGRATION_LOCK})`;
  } finally {
    await lockClient.end({ timeout: 5 });
  }
}
