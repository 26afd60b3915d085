import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

export default defineConfig({
  resolve: { alias: { "@": fileURLToPath(new URL(".", import.meta.url)) } },
  test: {
    include: ["lib/**/*.test.ts", "db/**/*.test.ts", "e2e/entra-emulator/**/*.test.ts", "e2e/okta-emulator/**/*.test.ts"],
    globalSetup: ["db/testing/global-setup.ts"],
    testTimeout: 20_000,
    hookTimeout: 60_000,
    // Server spawns and scrypt are CPU-bound; two cores are shared with Postgres.
    maxWorkers: 2,
  },
});
