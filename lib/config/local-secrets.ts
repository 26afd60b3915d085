import { randomBytes } from "node:crypto";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { GeneratedSecrets } from "./settings";

/**
 * Outside production, a developer should not have to invent three secrets before the first run. They are generated
 * once into DATA_DIR (mode 0600) and reused, so sessions and encrypted secrets survive restarts. Two processes
 * starting at once both land on the first file written (exclusive create, then read back).
 */
export function loadOrCreateLocalSecrets(dataDir: string): GeneratedSecrets {
  const file = join(dataDir, "local-secrets.json");
  try {
    return parse(readFileSync(file, "utf8"));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
  }
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const fresh: GeneratedSecrets = {
    AUTH_SECRET: randomBytes(32).toString("base64url"),
    MGMT_AUTH_SECRET: randomBytes(32).toString("base64url"),
    SECRET_ENCRYPTION_KEY: randomBytes(32).toString("base64url"),
  };
  try {
    writeFileSync(file, JSON.stringify(fresh, null, 2) + "\n", { flag: "wx", mode: 0o600 });
    return fresh;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    return parse(readFileSync(file, "utf8"));
  }
}

function parse(text: string): GeneratedSecrets {
  const value = JSON.parse(text) as Partial<GeneratedSecrets>;
  if (!value.AUTH_SECRET || !value.MGMT_AUTH_SECRET || !value.SECRET_ENCRYPTION_KEY)
    throw new Error("local-secrets.json in DATA_DIR is incomplete; delete it to generate new local secrets");
  return value as GeneratedSecrets;
}
