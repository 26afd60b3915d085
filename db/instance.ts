import { getSettings } from "@/lib/config/load-settings";
import { openDatabase, sharedDatabaseHandle, type Database } from "./client";

/** The process's database, opened on first use from the settings (normally already opened by the server). */
export function getDb(): Database {
  return sharedDatabaseHandle(() => openDatabase(getSettings())).db;
}
