import { spawn } from "node:child_process";
import { existsSync, rmSync } from "node:fs";
import postgres from "postgres";
import { SERVER_ARGUMENTS, SERVER_ENTRY } from "../../lib/server/build-if-needed";
import { startEntraEmulator } from "../entra-emulator";
import { CONSOLE_CLIENT_ID, CONSOLE_CLIENT_SECRET, entraTestSeed, OPERATOR_TENANT_ID, PLATFORM_CLIENT_ID, PLATFORM_CLIENT_SECRET } from "./entra-test-seed";
import { E2E_DATABASE, E2E_DATABASE_URL, E2E_ENTRA_PORT, E2E_ENTRA_STATE_DIR, E2E_MAIL_SPOOL, E2E_PORT, SERVER_DATABASE_URL, serverEnvironment } from "./environment";
import { startSmtpSink } from "./smtp-sink";

/**
 * The web server of the browser tests: a fresh database for this run on the Postgres server, the Entra emulator
 * with the test directories, and the production build served by `npm start`'s entry point, trusting the emulator's
 * CA and configured with the platform Microsoft app. When Playwright stops it, everything is torn down and the
 * database dropped. Databases left behind by runs that were killed (their process is gone) are dropped first.
 */
if (!existsSync(SERVER_ENTRY)) {
  console.error(`The browser tests serve the production build, and ${SERVER_ENTRY} is missing: run \`npm run build\` first.`);
  process.exit(1);
}
const admin = postgres(SERVER_DATABASE_URL, { max: 1, onnotice: () => {}, connect_timeout: 5 });
try {
  await admin`select 1`;
} catch (error) {
  console.error(
    `The browser tests need a Postgres server at ${new URL(SERVER_DATABASE_URL).host} (set DATABASE_URL): ${error instanceof Error ? error.message : error}`,
  );
  process.exit(1);
}
for (const { datname } of await admin`select datname from pg_database where datname like 'gatehouse_e2e_%'`) {
  const pid = Number(/^gatehouse_e2e_(\d+)_/.exec(datname)?.[1]);
  if (pid && pid !== process.ppid && !isAlive(pid)) await admin.unsafe(`drop database if exists "${datname}" with (force)`);
}
await admin.unsafe(`create database "${E2E_DATABASE}"`);

const publicUrl = `http://localhost:${E2E_PORT}`;
const entra = await startEntraEmulator({
  seed: entraTestSeed(publicUrl),
  port: E2E_ENTRA_PORT,
  stateDir: E2E_ENTRA_STATE_DIR,
});

// The server's mail goes to a real SMTP server on loopback; the tests read it from the spool file.
const mailSink = await startSmtpSink({ spoolFile: E2E_MAIL_SPOOL });

const server = spawn(process.execPath, SERVER_ARGUMENTS, {
  stdio: "inherit",
  env: serverEnvironment({
    DATABASE_URL: E2E_DATABASE_URL,
    PORT: String(E2E_PORT),
    API_PUBLIC_URL: publicUrl,
    MS_AUTHORITY_HOST: entra.url,
    MS_CLIENT_ID: PLATFORM_CLIENT_ID,
    MS_CLIENT_SECRET: PLATFORM_CLIENT_SECRET,
    MGMT_MS_CLIENT_ID: CONSOLE_CLIENT_ID,
    MGMT_MS_CLIENT_SECRET: CONSOLE_CLIENT_SECRET,
    MGMT_MS_TENANT_ID: OPERATOR_TENANT_ID,
    NODE_EXTRA_CA_CERTS: entra.caCertPath,
    SMTP_URL: mailSink.url,
    MAIL_FROM: "Gatehouse <no-reply@gatehouse.test>",
  }),
});

let stopping = false;
async function stop(code: number) {
  if (stopping) return;
  stopping = true;
  server.kill("SIGTERM");
  await new Promise((resolve) => (server.exitCode !== null ? resolve(null) : server.once("exit", resolve)));
  await entra.stop();
  await mailSink.stop();
  rmSync(E2E_MAIL_SPOOL, { force: true });
  await admin.unsafe(`drop database if exists "${E2E_DATABASE}" with (force)`);
  await admin.end();
  process.exit(code);
}
server.once("exit", (code) => void stop(code ?? 1));
process.once("SIGTERM", () => void stop(0));
process.once("SIGINT", () => void stop(0));

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
