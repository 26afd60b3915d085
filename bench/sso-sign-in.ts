import type { EntraWorld } from "@/e2e/support/broker-with-entra";
import { northwindUsers, users } from "@/e2e/support/entra-test-seed";
import { headlessSignIn } from "@/e2e/support/headless-sign-in";
import type { RequestCounts } from "@/e2e/entra-emulator";
import { fixed, percentile, runLoad } from "./support/load";
import { cpuMilliseconds } from "./support/process-usage";
import type { RoundTripCounter } from "./support/postgres-round-trips";
import type { BenchReport } from "./support/report";
import type { Results } from "./support/results";

/**
 * Complete warm SSO sign-ins through the real broker, for the platform Microsoft app and for a tenant's own Entra
 * app. One sign-in is both of the broker's legs: the start (state, PKCE and nonce, redirect to Entra) and the
 * callback (code exchange, ID token checks, user and session rows); the emulator's account picker between them is
 * the browser's part. Warm: each person has signed in before (the user exists) and the IdP's discovery document is
 * cached. The broker's CPU per sign-in comes from the kernel's accounting of the broker process, so the emulator
 * and this load generator (which run in this process) are not counted.
 */
const PLATFORM_PEOPLE = [users.megan, users.adele, users.diego];
const TENANT_PEOPLE = [northwindUsers.nina, northwindUsers.omar];
const TARGET_CPU_MS = 4;
const TARGET_ROUND_TRIPS = 2;
/** Emulator endpoints the broker calls itself; the authorize and account-picker pages are the browser's. */
const OUTBOUND_KINDS = ["discovery", "keys", "token", "userinfo", "other"] as const;

export async function benchSsoSignIn(
  world: EntraWorld,
  options: { count: number; concurrency: number; counter: RoundTripCounter },
): Promise<BenchReport & { sessionsCreated: number }> {
  const broker = world.brokers[0]!;
  const caPem = world.emulator.caPem;
  const platform = (i: number) => {
    const person = PLATFORM_PEOPLE[i % PLATFORM_PEOPLE.length]!;
    return { brokerUrl: broker.url, startPath: "/api/v1/auth/microsoft/login", oid: person.oid, emulatorCaPem: caPem };
  };
  const tenant = (i: number) => {
    const person = TENANT_PEOPLE[i % TENANT_PEOPLE.length]!;
    return { brokerUrl: broker.url, startPath: `/api/v1/auth/sso/northwind/login?login_hint=${encodeURIComponent(person.email)}`, oid: person.oid, emulatorCaPem: caPem };
  };
  const signIn = async (options: Parameters<typeof headlessSignIn>[0]) => {
    const result = await headlessSignIn(options);
    if (!result.sessionToken || !result.landedAt.endsWith("/auth/callback")) throw new Error(`sign-in landed at ${result.landedAt}`);
  };

  // Cold: the first sign-in of each kind after start, with nothing cached.
  const cold = { platform: await outboundCalls(world, () => signIn(platform(0))), tenant: await outboundCalls(world, () => signIn(tenant(0))) };
  // Everyone's first sign-in (which creates their user) one at a time: two concurrent first sign-ins of one person
  // race on creating the account link, and the loser gets an error page.
  for (let i = 1; i < PLATFORM_PEOPLE.length; i++) await signIn(platform(i));
  for (let i = 1; i < TENANT_PEOPLE.length; i++) await signIn(tenant(i));
  // The database watch's probes run through the same relay; their rate, measured idle, is taken off the counts.
  const backgroundPerMs = await options.counter.backgroundPerMs();
  const figures: BenchReport["figures"] = [];
  const notes: string[] = [];
  const results: Results = {};
  const warmUp = Math.min(20, options.count);
  let sessionsCreated = PLATFORM_PEOPLE.length + TENANT_PEOPLE.length;
  for (const [kind, key, build, first] of [
    ["platform Microsoft (/common)", "platform", platform, cold.platform],
    ["tenant SSO (tenant's own Entra app)", "tenant", tenant, cold.tenant],
  ] as const) {
    // The start leg alone (the broker's redirect to Entra, with its state, PKCE and nonce cookies), to split the cost.
    const startCpuBefore = cpuMilliseconds(broker.pid);
    const starts = await runLoad(
      async (i) => {
        const response = await fetch(new URL(build(i).startPath, broker.url), { redirect: "manual" });
        await response.arrayBuffer();
        if (response.status < 300 || response.status > 399) throw new Error(`the sign-in start answered ${response.status}`);
      },
      { count: options.count, concurrency: options.concurrency, deadlineMs: 30_000 },
    );
    const startCpuMs = (cpuMilliseconds(broker.pid) - startCpuBefore) / starts.completed;

    const warm = await runLoad((i) => signIn(build(i)), { count: warmUp, concurrency: options.concurrency });
    if (warm.failed) throw new Error(`${warm.failed} ${kind} warm-up sign-ins failed: ${String(warm.firstError)}`);
    await world.emulator.admin.resetRequests();
    const tripsBefore = options.counter.roundTrips();
    const cpuBefore = cpuMilliseconds(broker.pid);
    const load = await runLoad((i) => signIn(build(i)), { count: options.count, concurrency: options.concurrency, deadlineMs: 60_000 });
    const cpuMs = cpuMilliseconds(broker.pid) - cpuBefore;
    const trips = options.counter.roundTrips() - tripsBefore - backgroundPerMs * load.wallMs;
    const calls = await world.emulator.admin.requestCounts();
    if (load.failed) throw new Error(`${load.failed} ${kind} sign-ins failed: ${String(load.firstError)}`);
    sessionsCreated += warm.completed + load.completed;
    const perSignIn = cpuMs / load.completed;
    const tripsPerSignIn = Math.max(0, trips / load.completed);
    const outbound = OUTBOUND_KINDS.reduce((sum, k) => sum + calls[k], 0);
    const tokenOnly = outbound === calls.token && calls.token === load.completed;
    results[`sso_cpu_ms_${key}`] = perSignIn;
    results[`sso_db_round_trips_${key}`] = tripsPerSignIn;
    results[`sso_outbound_calls_${key}`] = outbound / load.completed;
    figures.push(
      { what: `${kind}: broker CPU per warm sign-in (start + callback)`, measured: `${fixed(perSignIn, 2)} ms`, target: `≤ ${TARGET_CPU_MS} ms`, met: perSignIn <= TARGET_CPU_MS },
      { what: `${kind}: of which the start leg (redirect to Entra)`, measured: `${fixed(startCpuMs, 2)} ms` },
      { what: `${kind}: sign-ins/s per vCPU (1000 / CPU ms)`, measured: fixed(1000 / perSignIn, 0) },
      {
        what: `${kind}: database round trips per warm sign-in`,
        measured: fixed(tripsPerSignIn, 1),
        target: `≤ ${TARGET_ROUND_TRIPS}`,
        met: tripsPerSignIn <= TARGET_ROUND_TRIPS + 0.05,
      },
      { what: `${kind}: outbound calls per warm sign-in (discovery/keys/token)`, measured: callsLine(calls, load.completed), target: "0 / 0 / 1", met: tokenOnly },
      { what: `${kind}: outbound calls, first sign-in (discovery/keys/token)`, measured: callsLine(first, 1) },
      { what: `${kind}: observed throughput, this machine`, measured: `${fixed((load.completed / load.wallMs) * 1000, 1)}/s` },
      { what: `${kind}: latency p50 / p99 (whole sign-in, browser side)`, measured: `${fixed(percentile(load.latenciesMs, 50), 0)} / ${fixed(percentile(load.latenciesMs, 99), 0)} ms` },
    );
    notes.push(
      `${kind}: ${load.completed} warm sign-ins after ${warm.completed} unmeasured ones, ${options.concurrency} at a time, ${fixed(load.wallMs / 1000, 1)} s, broker CPU ${fixed(cpuMs, 0)} ms.`,
    );
  }
  notes.push(
    "Broker CPU is read from /proc/<pid>/stat of the server process (user + system time) before and after the run; the emulator and the load generator run in another process.",
    `Round trips are Sync and Query messages counted by a relay between the broker and Postgres (bench/support/postgres-round-trips.ts), less the database watch's background probes (${fixed(backgroundPerMs * 1000, 1)}/s, measured idle). Outbound calls are the requests the emulator logged at every endpoint but the browser's (authorize, account picker, logout).`,
    "Latency is the whole sign-in as the load generator sees it: both broker legs and the emulator's account picker, which runs in the load generator's process.",
  );
  return { title: "SSO sign-in cost", figures, notes, results, sessionsCreated };
}

async function outboundCalls(world: EntraWorld, work: () => Promise<void>): Promise<RequestCounts> {
  await world.emulator.admin.resetRequests();
  await work();
  return world.emulator.admin.requestCounts();
}

function callsLine(counts: RequestCounts, signIns: number): string {
  return [counts.discovery, counts.keys, counts.token].map((n) => fixed(n / signIns, n % signIns === 0 ? 0 : 2)).join(" / ");
}
