import type { EntraWorld } from "@/e2e/support/broker-with-entra";
import { northwindUsers, users } from "@/e2e/support/entra-test-seed";
import { headlessSignIn } from "@/e2e/support/headless-sign-in";
import type { RequestCounts } from "@/e2e/entra-emulator";
import { fixed, percentile, runLoad } from "./support/load";
import { cpuMilliseconds } from "./support/process-usage";
import type { BenchReport } from "./support/report";

/**
 * Complete SSO sign-ins through the real broker: start (→ Entra), the emulator's account picker, the callback
 * (code exchange, ID token checks, user and session rows), for the platform Microsoft app and for a tenant's own
 * Entra app. The broker's CPU per sign-in comes from the kernel's accounting of the broker process, so the
 * emulator and this load generator (other processes' work) are not counted.
 */
const PLATFORM_PEOPLE = [users.megan, users.adele, users.diego];
const TENANT_PEOPLE = [northwindUsers.nina, northwindUsers.omar];
const TARGET_CPU_MS = 8;

export async function benchSsoSignIn(
  world: EntraWorld,
  options: { count: number; concurrency: number; roundTrips?: () => number },
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
  // race on creating the account link, and the loser gets an error page (a known gap, see the notes).
  for (let i = 1; i < PLATFORM_PEOPLE.length; i++) await signIn(platform(i));
  for (let i = 1; i < TENANT_PEOPLE.length; i++) await signIn(tenant(i));
  const figures: BenchReport["figures"] = [];
  const notes: string[] = [];
  let sessionsCreated = PLATFORM_PEOPLE.length + TENANT_PEOPLE.length;
  for (const [kind, build, first] of [
    ["platform Microsoft (/common)", platform, cold.platform],
    ["tenant SSO (tenant's own Entra app)", tenant, cold.tenant],
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

    await world.emulator.admin.resetRequests();
    const tripsBefore = options.roundTrips?.() ?? 0;
    const cpuBefore = cpuMilliseconds(broker.pid);
    const load = await runLoad((i) => signIn(build(i + 1)), { count: options.count, concurrency: options.concurrency, deadlineMs: 60_000 });
    const cpuMs = cpuMilliseconds(broker.pid) - cpuBefore;
    const trips = (options.roundTrips?.() ?? 0) - tripsBefore;
    const calls = await world.emulator.admin.requestCounts();
    if (load.failed) throw new Error(`${load.failed} ${kind} sign-ins failed: ${String(load.firstError)}`);
    sessionsCreated += load.completed;
    const perSignIn = cpuMs / load.completed;
    figures.push(
      { what: `${kind}: broker CPU per sign-in`, measured: `${fixed(perSignIn, 2)} ms`, target: `≤ ${TARGET_CPU_MS} ms`, met: perSignIn <= TARGET_CPU_MS },
      { what: `${kind}: sign-ins/s per vCPU (1000 / CPU ms)`, measured: fixed(1000 / perSignIn, 0), target: "≥ 120", met: 1000 / perSignIn >= 120 },
      { what: `${kind}: of which the start leg (redirect to Entra)`, measured: `${fixed(startCpuMs, 2)} ms` },
      ...(options.roundTrips ? [{ what: `${kind}: database round trips per sign-in`, measured: fixed(trips / load.completed, 1) }] : []),
      { what: `${kind}: observed throughput, this machine`, measured: `${fixed((load.completed / load.wallMs) * 1000, 1)}/s` },
      { what: `${kind}: latency p50 / p99 (whole round trip)`, measured: `${fixed(percentile(load.latenciesMs, 50), 0)} / ${fixed(percentile(load.latenciesMs, 99), 0)} ms` },
      { what: `${kind}: outbound calls, first sign-in (discovery/keys/token)`, measured: callsLine(first, 1) },
      { what: `${kind}: outbound calls per warm sign-in (discovery/keys/token)`, measured: callsLine(calls, load.completed), target: "0 / 0 / 1", met: calls.discovery === 0 && calls.keys === 0 && calls.token === load.completed },
    );
    notes.push(`${kind}: ${load.completed} sign-ins, ${options.concurrency} at a time, ${fixed(load.wallMs / 1000, 1)} s, broker CPU ${fixed(cpuMs, 0)} ms.`);
  }
  notes.push(
    "Broker CPU is read from /proc/<pid>/stat of the server process (user + system time) before and after the run; the emulator and the load generator run in another process.",
    "Keys are never fetched: the ID token comes from the token endpoint over TLS, which OpenID Connect Core 3.1.3.7 accepts instead of a signature check; discovery documents are cached per issuer for 10 minutes (lib/oidc/idp-fetch.ts).",
  );
  return { title: "SSO sign-in cost", figures, notes, sessionsCreated };
}

async function outboundCalls(world: EntraWorld, work: () => Promise<void>): Promise<RequestCounts> {
  await world.emulator.admin.resetRequests();
  await work();
  return world.emulator.admin.requestCounts();
}

function callsLine(counts: RequestCounts, signIns: number): string {
  return [counts.discovery, counts.keys, counts.token].map((n) => fixed(n / signIns, n % signIns === 0 ? 0 : 2)).join(" / ");
}
