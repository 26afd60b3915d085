import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { loadSeedFile } from "./seed-file";
import { startEntraEmulator } from "./server";

/**
 * `npm run emulator`: the Entra emulator on its own, for the demo and for tests run from another process.
 *
 *   ENTRA_EMULATOR_SEED                 seed JSON (default: seed.demo.json beside this file)
 *   ENTRA_EMULATOR_PORT                 port (default: a free one)
 *   ENTRA_EMULATOR_STATE_DIR            where ca.pem is written (default: a temp dir, removed at exit)
 *   ENTRA_EMULATOR_EXTRA_REDIRECT_URIS  comma-separated, added to every multi-tenant app (a broker on another port)
 */
const seedPath = process.env.ENTRA_EMULATOR_SEED?.trim() || join(dirname(fileURLToPath(import.meta.url)), "seed.demo.json");
const extraRedirectUris = (process.env.ENTRA_EMULATOR_EXTRA_REDIRECT_URIS ?? "")
  .split(",")
  .map((u) => u.trim())
  .filter(Boolean);

const emulator = await startEntraEmulator({
  seed: await loadSeedFile(seedPath),
  stateDir: process.env.ENTRA_EMULATOR_STATE_DIR?.trim() || undefined,
  extraRedirectUris,
});

console.log(`Entra emulator listening on ${emulator.url}`);
console.log(`  seed:           ${seedPath}`);
console.log(`  CA certificate: ${emulator.caCertPath}`);
console.log(`  trust it with:  NODE_EXTRA_CA_CERTS=${emulator.caCertPath}`);
console.log(`  platform issuer: ${emulator.url}/common/v2.0   (MS_AUTHORITY_HOST=${emulator.url})`);

let stopping = false;
for (const signal of ["SIGTERM", "SIGINT"] as const) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    void emulator.stop().then(() => process.exit(0));
  });
}
