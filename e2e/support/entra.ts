import { readFileSync } from "node:fs";
import { join } from "node:path";
import { connectEntraEmulatorAdmin, type EntraEmulatorAdmin } from "../entra-emulator";
import { E2E_ENTRA_PORT, E2E_ENTRA_STATE_DIR } from "./environment";

/** The admin API of the run's Entra emulator (started by the test server), for tests that change Entra's state. */
export function entraEmulatorAdmin(): EntraEmulatorAdmin {
  return connectEntraEmulatorAdmin(`https://localhost:${E2E_ENTRA_PORT}`, readFileSync(join(E2E_ENTRA_STATE_DIR, "ca.pem"), "utf8"));
}
