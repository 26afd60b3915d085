import type { EntraWorld } from "@/e2e/support/broker-with-entra";
import { fixed, runLoad } from "./support/load";
import { cpuMilliseconds } from "./support/process-usage";
import type { BenchReport } from "./support/report";

/**
 * GET /api/v1/me with a session cookie (Auth.js reads the database session: one query joining the session, the
 * user, the membership and the password row) against the same route without a cookie (401, no database), in
 * alternating rounds of one run so that the machine's noise falls on both alike. Round trips are counted on the
 * wire between the broker and Postgres.
 */
export async function benchAuthenticatedRequest(
  world: EntraWorld,
  options: { sessionToken: string; cookieName: string; requests: number; concurrency: number; rounds: number; roundTrips: () => number },
): Promise<BenchReport> {
  const broker = world.brokers[0]!;
  const url = `${broker.url}/api/v1/me`;
  const authenticated = { cookie: `${options.cookieName}=${options.sessionToken}` };
  const request = (headers: Record<string, string>, expected: number) => async () => {
    const response = await fetch(url, { headers });
    await response.arrayBuffer();
    if (response.status !== expected) throw new Error(`GET /api/v1/me answered ${response.status}, expected ${expected}`);
  };
  const totals = { anonymous: { ms: 0, n: 0, cpu: 0, trips: 0 }, signedIn: { ms: 0, n: 0, cpu: 0, trips: 0 } };
  // The broker's database watch probes in the background (lib/health/database-watch.ts); its rate, measured idle,
  // is taken off each round so that only the requests' own round trips are counted.
  const idleStart = options.roundTrips();
  await new Promise((resolve) => setTimeout(resolve, 3000));
  const backgroundPerMs = (options.roundTrips() - idleStart) / 3000;
  // Warm both paths first (route compilation caches, connection pool).
  await runLoad(request({}, 401), { count: 200, concurrency: options.concurrency });
  await runLoad(request(authenticated, 200), { count: 200, concurrency: options.concurrency });
  for (let round = 0; round < options.rounds; round++)
    for (const [kind, headers, status] of [
      ["anonymous", {}, 401],
      ["signedIn", authenticated, 200],
    ] as const) {
      const cpuBefore = cpuMilliseconds(broker.pid);
      const tripsBefore = options.roundTrips();
      const load = await runLoad(request(headers, status), { count: options.requests, concurrency: options.concurrency, deadlineMs: 30_000 });
      if (load.failed) throw new Error(`${load.failed} ${kind} requests failed: ${String(load.firstError)}`);
      const t = totals[kind];
      t.ms += load.wallMs;
      t.n += load.completed;
      t.cpu += cpuMilliseconds(broker.pid) - cpuBefore;
      t.trips += options.roundTrips() - tripsBefore - backgroundPerMs * load.wallMs;
    }
  const rate = (t: { ms: number; n: number }) => (t.n / t.ms) * 1000;
  const ratio = rate(totals.signedIn) / rate(totals.anonymous);
  const cpuRatio = totals.anonymous.cpu / totals.anonymous.n / (totals.signedIn.cpu / totals.signedIn.n);
  const tripsPerRequest = totals.signedIn.trips / totals.signedIn.n;
  return {
    title: "Authenticated request",
    figures: [
      { what: "GET /api/v1/me without a session (401): requests/s", measured: fixed(rate(totals.anonymous), 0) },
      { what: "GET /api/v1/me with a session cookie (200): requests/s", measured: fixed(rate(totals.signedIn), 0) },
      { what: "signed-in throughput / anonymous throughput", measured: `${fixed(ratio * 100, 0)} %`, target: "≥ 60 %", met: ratio >= 0.6 },
      { what: "broker CPU per request, anonymous / signed in", measured: `${fixed(totals.anonymous.cpu / totals.anonymous.n, 2)} / ${fixed(totals.signedIn.cpu / totals.signedIn.n, 2)} ms` },
      { what: "same ratio from broker CPU per request", measured: `${fixed(cpuRatio * 100, 0)} %` },
      { what: "database round trips per signed-in request", measured: fixed(tripsPerRequest, 2), target: "≤ 1", met: tripsPerRequest <= 1.0001 },
      { what: "database round trips per anonymous request", measured: fixed(Math.max(0, totals.anonymous.trips / totals.anonymous.n), 2) },
    ],
    notes: [
      `${options.rounds} alternating rounds of ${options.requests} requests each, ${options.concurrency} at a time, over loopback from one client process.`,
      `Round trips are Sync/Query messages counted by a relay between the broker and Postgres (bench/support/postgres-round-trips.ts), less the database watch's background probes (${fixed(backgroundPerMs * 1000, 1)}/s, measured idle).`,
    ],
  };
}
