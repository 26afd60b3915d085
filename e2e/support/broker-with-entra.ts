import { randomBytes } from "node:crypto";
import { rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import postgres from "postgres";
import { encryptSecret, secretKey } from "@/lib/crypto/secret-box";
import { startEntraEmulator, type RunningEntraEmulator } from "../entra-emulator";
import {
  CONTOSO_TENANT_ID,
  entraTestSeed,
  NORTHWIND_SSO_CLIENT_ID,
  NORTHWIND_SSO_SECRET,
  NORTHWIND_TENANT_ID,
  PLATFORM_CLIENT_ID,
  PLATFORM_CLIENT_SECRET,
} from "./entra-test-seed";
import { databaseUrl, SERVER_DATABASE_URL } from "./environment";
import { freePort, spawnGatehouse, type RunningServer } from "./spawn-server";

/**
 * A complete sign-in world of its own, for resilience tests and benchmarks: a scratch database on the Postgres
 * server, an Entra emulator with the test directories, and one or more Gatehouse production servers sharing that
 * database and one public URL (as behind a load balancer), each configured with the platform Microsoft app and
 * trusting the emulator. The database holds a
 * Contoso workspace linked to the Contoso directory and a Northwind workspace signing in through its own Entra app
 * (tenant SSO, key `northwind`). Everything is removed by `stop()`.
 */
export type EntraWorld = {
  brokers: RunningServer[];
  /** the one public URL every instance serves (Origin for state-changing requests, redirect URIs) */
  publicUrl: string;
  emulator: RunningEntraEmulator;
  /** a direct line to the scratch database, to arrange and inspect rows */
  sql: postgres.Sql;
  databaseUrl: string;
  /** the settings of the broker on `port`, to start another instance of this world */
  settingsFor(port: number): Record<string, string>;
  stop(): Promise<void>;
};

export type EntraWorldOptions = {
  brokers?: number;
  /** host:port the brokers reach Postgres at, when not the server's own (a relay that cuts or counts traffic) */
  brokerDatabaseHost?: string;
  settings?: Record<string, string>;
  /** CA certificates (PEM) the brokers trust besides the emulator's: a test's own https servers (client metadata documents) */
  trustedCaPems?: string[];
};

export async function startEntraWorld(options: EntraWorldOptions = {}): Promise<EntraWorld> {
  const scratch = `gatehouse_world_${process.pid}_${randomBytes(3).toString("hex")}`;
  const admin = postgres(SERVER_DATABASE_URL, { max: 1, onnotice: () => {} });
  // Worlds of runs that were killed (their process is gone) are dropped first.
  for (const { datname } of await admin`select datname from pg_database where datname like 'gatehouse_world_%'`) {
    const pid = Number(/^gatehouse_world_(\d+)_/.exec(datname)?.[1]);
    if (pid && pid !== process.pid && !isAlive(pid)) await admin.unsafe(`drop database if exists "${datname}" with (force)`);
  }
  await admin.unsafe(`create database "${scratch}"`);
  const url = databaseUrl(scratch);
  const sql = postgres(url, { max: 4, onnotice: () => {} });
  const ports = await Promise.all(Array.from({ length: options.brokers ?? 1 }, () => freePort()));
  // Several instances stand behind one load balancer: they share one public URL, the first instance's.
  const publicUrl = `http://localhost:${ports[0]}`;
  const emulator = await startEntraEmulator({ seed: entraTestSeed(publicUrl) });
  // Node reads one file of extra CAs: the emulator's and the test's, together.
  let caBundlePath = emulator.caCertPath;
  if (options.trustedCaPems?.length) {
    caBundlePath = join(tmpdir(), `${scratch}-ca.pem`);
    writeFileSync(caBundlePath, [emulator.caPem, ...options.trustedCaPems].join("\n"));
  }
  const encryptionKey = randomBytes(32);
  const authSecret = randomBytes(32).toString("base64url");

  const brokerDatabaseUrl = new URL(url);
  if (options.brokerDatabaseHost) brokerDatabaseUrl.host = options.brokerDatabaseHost;
  const settingsFor = (port: number) => ({
    DATABASE_URL: brokerDatabaseUrl.toString(),
    PORT: String(port),
    API_PUBLIC_URL: publicUrl,
    MS_AUTHORITY_HOST: emulator.url,
    MS_CLIENT_ID: PLATFORM_CLIENT_ID,
    MS_CLIENT_SECRET: PLATFORM_CLIENT_SECRET,
    NODE_EXTRA_CA_CERTS: caBundlePath,
    // Instances behind one load balancer share their secrets: a sign-in begun on one completes on another.
    AUTH_SECRET: authSecret,
    SECRET_ENCRYPTION_KEY: encryptionKey.toString("base64url"),
    ...options.settings,
  });

  const brokers: RunningServer[] = [];
  const stop = async () => {
    await Promise.all(brokers.map((b) => b.stop()));
    await emulator.stop();
    await sql.end();
    await admin.unsafe(`drop database if exists "${scratch}" with (force)`);
    await admin.end();
    if (caBundlePath !== emulator.caCertPath) rmSync(caBundlePath, { force: true });
  };
  try {
    // One at a time: the first runs the migrations (the others would wait on its lock anyway).
    for (const port of ports) brokers.push(await spawnGatehouse(settingsFor(port), { port }));
    await seedWorkspaces(sql, encryptionKey);
  } catch (error) {
    await stop();
    throw error;
  }
  return { brokers, publicUrl, emulator, sql, databaseUrl: url, settingsFor, stop };
}

async function seedWorkspaces(sql: postgres.Sql, encryptionKey: Buffer): Promise<void> {
  await sql`insert into tenant (id, key, name, microsoft_tenant_id) values (${crypto.randomUUID()}, 'contoso', 'Contoso', ${CONTOSO_TENANT_ID})`;
  const northwind = crypto.randomUUID();
  await sql`insert into tenant (id, key, name) values (${northwind}, 'northwind', 'Northwind')`;
  await sql`insert into tenant_domain (domain, tenant_id, verified_at) values ('northwind.example', ${northwind}, now())`;
  const secret = encryptSecret(NORTHWIND_SSO_SECRET, northwind, secretKey(encryptionKey));
  await sql`
    insert into tenant_sso_config (tenant_id, kind, entra_tenant_id, client_id, client_secret_encrypted, enabled)
    values (${northwind}, 'entra', ${NORTHWIND_TENANT_ID}, ${NORTHWIND_SSO_CLIENT_ID}, ${secret}, true)`;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
