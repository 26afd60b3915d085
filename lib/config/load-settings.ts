import { loadOrCreateLocalSecrets } from "./local-secrets";
import { mailSettingsProblems, parseSettings, SettingsError, type Settings } from "./settings";

const cache = globalThis as typeof globalThis & { __gatehouseSettings?: Settings };

/**
 * The process-wide settings. The custom server parses them before anything else starts (and stops on a
 * SettingsError); the app's own bundle reads the same cached object through globalThis.
 */
export function getSettings(): Settings {
  if (cache.__gatehouseSettings) return cache.__gatehouseSettings;
  const production = process.env.NODE_ENV === "production";
  const dataDir = process.env.DATA_DIR?.trim() || ".data";
  const generated = production ? undefined : loadOrCreateLocalSecrets(dataDir);
  const settings = parseSettings(process.env, generated);
  const problems = mailSettingsProblems(settings);
  if (problems.length) throw new SettingsError(problems);
  cache.__gatehouseSettings = settings;
  return settings;
}
