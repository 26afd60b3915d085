import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";

/**
 * Runs `next build` when there is no production build or a source changed since it was made, so `npm run demo`
 * and `npm run bench` work from a clean clone. Exits the process when the build fails.
 */
export function buildIfNeeded(): void {
  const buildId = join(".next", "BUILD_ID");
  const builtAt = existsSync(buildId) ? statSync(buildId).mtimeMs : 0;
  const sources = ["app", "lib", "db", "next.config.ts", "package.json", "postcss.config.mjs"];
  if (builtAt && newestChange(sources) < builtAt) return;
  console.log(builtAt ? "Sources changed since the last build; rebuilding…" : "Building Gatehouse (first run)…");
  const nextBin = createRequire(import.meta.url).resolve("next/dist/bin/next");
  const result = spawnSync(process.execPath, [nextBin, "build"], { stdio: "inherit", env: { ...process.env, NODE_ENV: "production", NEXT_TELEMETRY_DISABLED: "1" } });
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
