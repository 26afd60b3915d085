import { openDatabase, sharedDatabaseHandle, type DatabaseHandle } from "@/db/client";
import { migrateDatabase } from "@/db/migrate";
import { seedFreshInstall } from "@/lib/bootstrap/seed-fresh-install";
import type { Settings } from "@/lib/config/settings";
import { systemClock } from "@/lib/time/clock";

/** Opens the process's database, applies the committed migrations and seeds a fresh install, under one lock. */
export async function prepareDatabase(settings: Settings): Promise<DatabaseHandle & { createdAdmin: boolean }> {
  const handle = sharedDatabaseHandle(() => openDatabase(settings));
  let createdAdmin = false;
  await migrateDatabase(settings, handle, async () => {
    createdAdmin = (await seedFreshInstall(handle.db, systemClock)).createdAdmin;
  });
  return { ...handle, createdAdmin };
}
