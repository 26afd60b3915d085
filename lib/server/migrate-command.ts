import { getSettings } from "@/lib/config/load-settings";
import { SettingsError } from "@/lib/config/settings";
import { prepareDatabase } from "./prepare-database";

/** `npm run db:migrate`: applies the committed migrations (and the fresh-install seed) and exits. */
try {
  const settings = getSettings();
  const database = await prepareDatabase(settings);
  console.log(`Migrations applied to the ${database.driver === "pglite" ? `embedded database in ${settings.dataDir}` : "Postgres database"}.`);
  await database.close();
} catch (error) {
  console.error(error instanceof SettingsError ? error.message : `Migration failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
