import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { loadOrCreateLocalSecrets } from "@/lib/config/local-secrets";
import { startGatehouse } from "./start";

/**
 * `npm run demo`: the production build on the embedded database, on http://localhost:$PORT, with the seeded
 * tenant and break-glass admin. PORT, API_PUBLIC_URL and DATA_DIR come from the environment, so two demos can
 * run side by side (each with its own DATA_DIR).
 */
const port = process.env.PORT?.trim() || "3000";
process.env.PORT = port;
process.env.HOST ||= "127.0.0.1";
process.env.API_PUBLIC_URL ||= `http://localhost:${port}`;
process.env.DATA_DIR ||= ".data";
delete process.env.DATABASE_URL; // the demo always runs on the embedded database
Object.assign(process.env, { ...loadOrCreateLocalSecrets(process.env.DATA_DIR), ...definedOnly(process.env) });
// The demo serves the production build, which runs with NODE_ENV=production (its secrets come from DATA_DIR above).
Object.assign(process.env, { NODE_ENV: "production" });

buildIfNeeded();
await startGatehouse({
  onListening: (settings) => {
    console.log(`
  Gatehouse demo is running: ${settings.apiPublicUrl}

  Sign in at ${settings.apiPublicUrl}/login
    username: admin
    password: admin   (you will be asked to choose a new one; afterwards use that)

  Embedded database and local secrets: ${settings.dataDir}
  Stop with Ctrl+C.
`);
  },
});

function buildIfNeeded(): void {
  const buildId = join(".next", "BUILD_ID");
  const builtAt = existsSync(buildId) ? statSync(buildId).mtimeMs : 0;
  const sources = ["app", "lib", "db", "next.config.ts", "package.json", "postcss.config.mjs"];
  if (builtAt && newestChange(sources) < builtAt) return;
  console.log(builtAt ? "Sources changed since the last build; rebuilding…" : "Building Gatehouse (first run)…");
  const nextBin = createRequire(import.meta.url).resolve("next/dist/bin/next");
  const result = spawnSync(process.execPath, [nextBin, "build"], { stdio: "inherit", env: { ...process.env, NODE_ENV: "production" } });
  if (result.status !== 0) {
    console.error("The build failed; see the output above.");
    process.exit(result.status ?? 1);
  }
}

function newestChange(paths: string[]): number {
  let newest = 0;
  for (const path of paths) {
    if (!existsSync(path)) continue;
    const stat = statSync(path);
    newest = Math.max(newest, stat.mtimeMs);
    if (stat.isDirectory()) newest = Math.max(newest, newestChange(readdirSync(path).map((entry) => join(path, entry))));
  }
  return newest;
}

function definedOnly(env: NodeJS.ProcessEnv): Record<string, string> {
  return Object.fromEntries(Object.entries(env).filter((entry): entry is [string, string] => Boolean(entry[1]?.trim())));
}
