import { randomBytes } from "node:crypto";
import { tmpdir } from "node:os";
import { join } from "node:path";

/**
 * Facts shared by the Playwright config, the test server and the tests. The config runs first in the main process
 * and fixes the run's values in process.env; workers and the web server inherit them.
 */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH || "/usr/bin/chromium";

/** The browser tests need a Postgres server (to inspect rows); the local one is the default. */
export const SERVER_DATABASE_URL = process.env.DATABASE_URL?.trim() || "postgres://postgres@127.0.0.1:5432/postgres";

process.env.GATEHOUSE_E2E_DATABASE ??= `gatehouse_e2e_${process.pid}_${randomBytes(3).toString("hex")}`;
// Ports from the process id (parallel runs on one machine differ), in a range Chromium does not block.
process.env.GATEHOUSE_E2E_PORT ??= String(47000 + (process.pid % 900));
process.env.GATEHOUSE_E2E_ENTRA_PORT ??= String(48000 + (process.pid % 900));
export const E2E_DATABASE = process.env.GATEHOUSE_E2E_DATABASE;
export const E2E_PORT = Number(process.env.GATEHOUSE_E2E_PORT);
export const BASE_URL = `http://localhost:${E2E_PORT}`;
/** The Entra emulator of the run: its port and the folder holding its CA certificate (ca.pem). */
export const E2E_ENTRA_PORT = Number(process.env.GATEHOUSE_E2E_ENTRA_PORT);
export const E2E_ENTRA_STATE_DIR = join(tmpdir(), `${E2E_DATABASE}-entra`);

export function databaseUrl(database: string): string {
  const url = new URL(SERVER_DATABASE_URL);
  url.pathname = `/${database}`;
  return url.toString();
}
export const E2E_DATABASE_URL = databaseUrl(E2E_DATABASE);
/** The mail the run's server sent, one JSON line per message, written by the loopback SMTP sink of the test server. */
export const E2E_MAIL_SPOOL = join(tmpdir(), `${E2E_DATABASE}-mail.jsonl`);

/** Production-mode settings for a Gatehouse server under test: explicit random secrets, nothing generated. */
export function serverEnvironment(overrides: Record<string, string>): NodeJS.ProcessEnv {
  const base: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) if (v !== undefined) base[k] = v;
  delete base.DATABASE_URL;
  return {
    ...base,
    NODE_ENV: "production",
    NEXT_TELEMETRY_DISABLED: "1",
    HOST: "127.0.0.1",
    AUTH_SECRET: randomBytes(32).toString("base64url"),
    MGMT_AUTH_SECRET: randomBytes(32).toString("base64url"),
    SECRET_ENCRYPTION_KEY: randomBytes(32).toString("base64url"),
    // Production refuses to start without a mail server. Nothing listens on this port: a server under test that
    // sends mail without being given a sink of its own logs that the mail could not be sent.
    SMTP_URL: "smtp://127.0.0.1:9",
    ...overrides,
  } as NodeJS.ProcessEnv;
}
