import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { buildSync } from "esbuild";

/**
 * The compiled server entry: lib/server/main.ts and every module it imports, with the `@/` alias resolved, in one
 * ESM file that plain `node` runs (packages stay imports from node_modules). `npm start`, the demo and the browser
 * tests all start this file. It lives in .next/, so it is git-ignored and `next build` clears it with the rest.
 */
export const SERVER_ENTRY = join(".next", "gatehouse-server", "main.mjs");

/**
 * The arguments of `node` that start the production server; `npm start` runs the same (keep the two equal).
 * Since Node 22, V8 lets the young generation grow to 64 MB per semi-space on a large machine (16 MB before) and
 * keeps it while idle, which about doubles the idle server's memory; 16 MB is the cap Node 20 had.
 */
export const SERVER_ARGUMENTS = ["--max-semi-space-size=16", SERVER_ENTRY];

/** `npm run build`: the Next.js production build, then the server entry. Exits the process when either fails. */
export function buildGatehouse(): void {
  const nextBin = createRequire(import.meta.url).resolve("next/dist/bin/next");
  const result = spawnSync(process.execPath, [nextBin, "build"], { stdio: "inherit", env: { ...process.env, NODE_ENV: "production", NEXT_TELEMETRY_DISABLED: "1" } });
  if (result.status !== 0) {
    console.error("The build failed; see the output above.");
    process.exit(result.status ?? 1);
  }
  try {
    buildSync({
      entryPoints: [join("lib", "server", "main.ts")],
      outfile: SERVER_ENTRY,
      bundle: true,
      platform: "node",
      format: "esm",
      target: "node22",
      packages: "external",
      tsconfig: "tsconfig.json",
      logLevel: "warning",
    });
  } catch {
    console.error("Compiling the server entry failed; see the output above.");
    process.exit(1);
  }
  console.log(`Server entry compiled to ${SERVER_ENTRY}`);
}

/**
 * Builds when there is no production build or a source changed since it was made, so `npm run demo` and
 * `npm run bench` work from a clean clone. The server entry is written last, so its age is the build's.
 */
export function buildIfNeeded(): void {
  const builtAt = existsSync(SERVER_ENTRY) && existsSync(join(".next", "BUILD_ID")) ? statSync(SERVER_ENTRY).mtimeMs : 0;
  const sources = ["app", "lib", "db", "next.config.mjs", "package.json", "postcss.config.mjs", "tsconfig.json"];
  if (builtAt && newestChange(sources) < builtAt) return;
  console.log(builtAt ? "Sources changed since the last build; rebuilding…" : "Building Gatehouse (first run)…");
  buildGatehouse();
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
