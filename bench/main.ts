/**
 * `npm run bench`: every benchmark of issue-level figures, against the production build on a real Postgres server,
 * with the offline Entra emulator for the IdP legs, over loopback. Prints each figure with its target and the
 * machine, writes them all into bench/RESULTS.md, and the headline numbers into bench/results.json.
 *
 *   npm run bench                                      # Postgres at DATABASE_URL, default postgres://postgres@127.0.0.1:5432/postgres
 *   BENCH_SCALE=0.2 npm run bench                      # a quick smoke run with fewer operations (figures are noisier)
 *
 * Scratch databases are created for the run and dropped at its end.
 */
import { writeFileSync } from "node:fs";
import { startEntraWorld } from "@/e2e/support/broker-with-entra";
import { users } from "@/e2e/support/entra-test-seed";
import { SERVER_DATABASE_URL } from "@/e2e/support/environment";
import { headlessSignIn, SESSION_COOKIE } from "@/e2e/support/headless-sign-in";
import { freePort, spawnGatehouse } from "@/e2e/support/spawn-server";
import { buildIfNeeded } from "@/lib/server/build-if-needed";
import { benchApiKeyVsJwt } from "./api-key-vs-jwt";
import { benchAuthenticatedRequest } from "./authenticated-request";
import { benchClientCredentials } from "./client-credentials";
import { benchHomeRealmDiscovery } from "./home-realm-discovery";
import { benchMcpGateway } from "./mcp-gateway";
import { benchMemory } from "./memory";
import { allowedPublicClient, benchOAuthGrants, gatehouseAccessToken } from "./oauth-grants";
import { benchPasswordSignIn } from "./password-sign-in";
import { benchSsoSignIn } from "./sso-sign-in";
import { describeMachine } from "./support/machine";
import { startRoundTripCounter } from "./support/postgres-round-trips";
import { residentMegabytes } from "./support/process-usage";
import { markdownReport, printReport, type BenchReport } from "./support/report";
import { resultsJson } from "./support/results";

const scale = Math.min(1, Math.max(0.05, Number(process.env.BENCH_SCALE ?? 1) || 1));
const scaled = (n: number) => Math.max(10, Math.round(n * scale));
const machine = describeMachine();
const started = new Date();
console.log(`Gatehouse benchmarks on ${machine.line}${scale < 1 ? ` (BENCH_SCALE=${scale})` : ""}`);

buildIfNeeded();
const reports: BenchReport[] = [];
const postgresServer = new URL(SERVER_DATABASE_URL);
const counter = await startRoundTripCounter({ host: postgresServer.hostname, port: Number(postgresServer.port || 5432) });
const world = await startEntraWorld({ brokerDatabaseHost: `127.0.0.1:${counter.port}` });
try {
  const broker = world.brokers[0]!;
  // Idle: after start and one request to the pages and routes a sign-in touches, then a moment of quiet.
  for (const path of ["/login", "/api/health", "/api/v1/me"]) await (await fetch(`${broker.url}${path}`)).arrayBuffer();
  await new Promise((resolve) => setTimeout(resolve, 2000));
  const idleMb = residentMegabytes(broker.pid);

  const sso = await benchSsoSignIn(world, { count: scaled(200), concurrency: 8, counter });
  reports.push(sso);
  printReport(sso);
  const password = await benchPasswordSignIn(world, { count: scaled(100), concurrency: 4 });
  reports.push(password);
  printReport(password);

  const session = await headlessSignIn({ brokerUrl: broker.url, startPath: "/api/v1/auth/microsoft/login", oid: users.megan.oid, emulatorCaPem: world.emulator.caPem });
  // A second instance of the same world, connected straight to Postgres, for throughput without the counting relay.
  const directPort = await freePort();
  const direct = await spawnGatehouse({ ...world.settingsFor(directPort), DATABASE_URL: world.databaseUrl }, { port: directPort });
  let authenticated: BenchReport;
  try {
    authenticated = await benchAuthenticatedRequest(world, {
      direct,
      sessionToken: session.sessionToken!,
      cookieName: SESSION_COOKIE,
      requests: scaled(1500),
      concurrency: 16,
      rounds: 3,
      counter,
    });
  } finally {
    await direct.stop();
  }
  reports.push(authenticated);
  printReport(authenticated);

  const memory = await benchMemory(world, { idleMb, sessions: 10_000, used: scaled(10_000), cookieName: SESSION_COOKIE, concurrency: 16 });
  reports.push(memory);
  printReport(memory);

  const sessionCookie = `${SESSION_COOKIE}=${session.sessionToken!}`;
  const grants = await benchOAuthGrants(world, { sessionCookie, exchanges: scaled(1500), refreshes: scaled(3000), concurrency: 8, rounds: 3 });
  reports.push(grants);
  printReport(grants);

  const mcp = await benchMcpGateway(world, {
    requests: scaled(1500),
    concurrency: 16,
    rounds: 3,
    latencyRequests: scaled(500),
    rawVerifications: scaled(5000),
    gatehouseAccessToken: async () => gatehouseAccessToken(await allowedPublicClient(broker.url, world.publicUrl, sessionCookie)),
  });
  reports.push(mcp);
  printReport(mcp);

  const clientCredentials = await benchClientCredentials(world, { grants: scaled(1000), concurrency: 8, rounds: 3 });
  reports.push(clientCredentials);
  printReport(clientCredentials);
  const apiKeyVsJwt = await benchApiKeyVsJwt(world, { requests: scaled(1000), concurrency: 16, rounds: 4 });
  reports.push(apiKeyVsJwt);
  printReport(apiKeyVsJwt);
} finally {
  await world.stop();
  await counter.close();
}

const hrd = await benchHomeRealmDiscovery(SERVER_DATABASE_URL, { tenants: 100_000, lookups: scaled(5000) });
reports.push(hrd);
printReport(hrd);

const seconds = Math.round((Date.now() - started.getTime()) / 1000);
writeFileSync(new URL("./results.json", import.meta.url), resultsJson(reports));
writeFileSync(
  new URL("./RESULTS.md", import.meta.url),
  [
    "# Benchmark results",
    "",
    `Produced by \`npm run bench\`${scale < 1 ? ` with \`BENCH_SCALE=${scale}\`` : ""} on ${started.toISOString().slice(0, 16).replace("T", " ")} UTC in ${seconds} s.`,
    "",
    `Machine: ${machine.line}. Postgres on the same machine, over loopback; the Entra emulator and the load generator share the machine with the broker, so throughput is this machine's, and per-vCPU figures come from the broker process's own CPU time.`,
    "",
    ...reports.map(markdownReport),
  ].join("\n"),
);
console.log(`\nAll figures written to bench/RESULTS.md and bench/results.json (${seconds} s).`);
