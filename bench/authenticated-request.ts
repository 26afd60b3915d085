import type { EntraWorld } from "@/e2e/support/broker-with-entra";
import type { RunningServer } from "@/e2e/support/spawn-server";
import { fixed, runLoad } from "./support/load";
import { cpuMilliseconds } from "./support/process-usage";
import type { RoundTripCounter } from "./support/postgres-round-trips";
import type { BenchReport } from "./support/report";

const TARGET_CPU_MS = 0.5;

/**
 * GET /api/v1/me with a session cookie (Auth.js reads the database session: one query joining the session, the
 * user, the membership and the password row) against the same route without a cookie (401, no database), in
 * alternating rounds of one run so that the machine's noise falls on both alike. Throughput and CPU are measured on
 * a broker connected straight to Postgres (`direct`); round trips on the world's broker, whose database traffic
 * passes the counting relay (the relay runs in this process, beside the load generator).
 */
export async function benchAuthenticatedRequest(
  world: EntraWorld,
  options: {
    direct: RunningServer;
    sessionToken: string;
    cookieName: string;
    requests: number;
    concurrency: number;
    rounds: number;
    counter: RoundTripCounter;
  },
): Promise<BenchReport> {
  const authenticated = { cookie: `${options.cookieName}=${options.sessionToken}` };
  const request = (brokerUrl: string, headers: Record<string, string>, expected: number) => async () => {
    const response = await fetch(`${brokerUrl}/api/v1/me`, { headers });
    await response.arrayBuffer();
    if (response.status !== expected) throw new Error(`GET /api/v1/me answered ${response.status}, expected ${expected}`);
  };
  const kinds = [
    ["anonymous", {}, 401],
    ["signedIn", authenticated, 200],
  ] as const;

  // Throughput and CPU, on the direct broker. Both paths are warmed first (route caches, connection pool).
  const direct = options.direct;
  for (const [, headers, status] of kinds) await runLoad(request(direct.url, headers, status), { count: 200, concurrency: options.concurrency });
  const totals = { anonymous: { ms: 0, n: 0, cpu: 0 }, signedIn: { ms: 0, n: 0, cpu: 0 } };
  for (let round = 0; round < options.rounds; round++)
    for (const [kind, headers, status] of kinds) {
      const cpuBefore = cpuMilliseconds(direct.pid);
      const load = await runLoad(request(direct.url, headers, status), { count: options.requests, concurrency: options.concurrency, deadlineMs: 30_000 });
      if (load.failed) throw new Error(`${load.failed} ${kind} requests failed: ${String(load.firstError)}`);
      const t = totals[kind];
      t.ms += load.wallMs;
      t.n += load.completed;
      t.cpu += cpuMilliseconds(direct.pid) - cpuBefore;
    }

  // Round trips, on the relayed broker. Its database watch probes in the background; that rate, measured idle, is
  // taken off so that only the requests' own round trips are counted.
  const relayed = world.brokers[0]!.url;
  const backgroundPerMs = await options.counter.backgroundPerMs();
  const trips: Record<string, number> = {};
  for (const [kind, headers, status] of kinds) {
    await runLoad(request(relayed, headers, status), { count: 50, concurrency: 4 });
    const before = options.counter.roundTrips();
    const load = await runLoad(request(relayed, headers, status), { count: 500, concurrency: 4, deadlineMs: 30_000 });
    trips[kind] = Math.max(0, (options.counter.roundTrips() - before - backgroundPerMs * load.wallMs) / load.completed);
  }

  const rate = (t: { ms: number; n: number }) => (t.n / t.ms) * 1000;
  const ratio = rate(totals.signedIn) / rate(totals.anonymous);
  const cpuPer = (t: { cpu: number; n: number }) => t.cpu / t.n;
  const cpuRatio = cpuPer(totals.anonymous) / cpuPer(totals.signedIn);
  const signedInCpu = cpuPer(totals.signedIn);
  const signedInTrips = trips.signedIn!;
  return {
    title: "Authenticated request",
    figures: [
      { what: "GET /api/v1/me signed in: broker CPU per request", measured: `${fixed(signedInCpu, 2)} ms`, target: `≤ ${TARGET_CPU_MS} ms`, met: signedInCpu <= TARGET_CPU_MS },
      { what: "GET /api/v1/me signed in: database round trips per request", measured: fixed(signedInTrips, 2), target: "1", met: Math.abs(signedInTrips - 1) <= 0.02 },
      { what: "GET /api/v1/me signed out (401): broker CPU per request", measured: `${fixed(cpuPer(totals.anonymous), 2)} ms` },
      { what: "GET /api/v1/me signed out (401): database round trips per request", measured: fixed(trips.anonymous!, 2) },
      { what: "requests/s, signed out / signed in, this machine", measured: `${fixed(rate(totals.anonymous), 0)} / ${fixed(rate(totals.signedIn), 0)}` },
      { what: "signed-in / signed-out, by throughput and by broker CPU", measured: `${fixed(ratio * 100, 0)} % / ${fixed(cpuRatio * 100, 0)} %` },
    ],
    notes: [
      `${options.rounds} alternating rounds of ${options.requests} requests each, ${options.concurrency} at a time, over loopback from one client process, against a broker connected straight to Postgres; broker CPU from /proc/<pid>/stat.`,
      `Round trips: 500 requests of each kind on the world's broker, whose database traffic passes a relay counting Sync/Query messages (bench/support/postgres-round-trips.ts), less the database watch's background probes (${fixed(backgroundPerMs * 1000, 1)}/s, measured idle).`,
    ],
    results: { me_cpu_ms: signedInCpu, me_db_round_trips: signedInTrips },
  };
}
