import { hash as argon2Hash, verify as argon2Verify } from "@node-rs/argon2";
import type { EntraWorld } from "@/e2e/support/broker-with-entra";
import { loginFormActionFields, postLoginForm } from "@/e2e/support/login-form";
import { hashPassword } from "@/lib/auth/password-hash";
import { fixed, percentile, runLoad } from "./support/load";
import { cpuMilliseconds } from "./support/process-usage";
import type { BenchReport } from "./support/report";

/**
 * Password sign-ins through the real /login form (the server action, as a browser without JavaScript posts it):
 * throttle check, credential lookup, hash verification, session row, audit row, session cookie. Beside it, the
 * cost of one Argon2id verification alone in this process, at OWASP's first recommended setting (m = 19 MiB,
 * t = 2, p = 1), for comparison with the broker's cost per sign-in.
 */
const PASSWORD = "correct horse battery staple";
const PEOPLE = 20;
const TARGET_PER_S_PER_VCPU = 50;
const ARGON2ID = { memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export async function benchPasswordSignIn(world: EntraWorld, options: { count: number; concurrency: number }): Promise<BenchReport & { sessionsCreated: number }> {
  const broker = world.brokers[0]!;
  // Stored with the broker's own hash function, whichever it is; its scheme is the PHC string's first field.
  const stored = await hashPassword(PASSWORD);
  const scheme = /^\$([a-z0-9-]+)\$/.exec(stored)?.[1] ?? "unknown";
  const logins = Array.from({ length: PEOPLE }, (_, i) => `person${i}@password.example`);
  for (const login of logins) {
    const id = crypto.randomUUID();
    await world.sql`insert into "user" (id, name, email) values (${id}, ${login}, ${login})`;
    await world.sql`insert into password_credential (user_id, login, hash) values (${id}, ${login}, ${stored})`;
  }

  // Argon2id alone: sequential verifications in this process (on libuv's pool, which process.cpuUsage counts).
  const argon2 = await argon2Hash(PASSWORD, ARGON2ID);
  if (!argon2.startsWith("$argon2id$v=19$m=19456,t=2,p=1$")) throw new Error(`unexpected Argon2 hash ${argon2.slice(0, 32)}`);
  const hashRuns = 20;
  if (!(await argon2Verify(argon2, PASSWORD))) throw new Error("the password did not verify");
  const cpu0 = process.cpuUsage();
  const wall0 = performance.now();
  for (let i = 0; i < hashRuns; i++) if (!(await argon2Verify(argon2, PASSWORD))) throw new Error("the password did not verify");
  const hashWallMs = (performance.now() - wall0) / hashRuns;
  const used = process.cpuUsage(cpu0);
  const hashCpuMs = (used.user + used.system) / 1000 / hashRuns;

  const fields = await loginFormActionFields(broker.url);
  const signIn = async (i: number) => {
    const { response, jar } = await postLoginForm(broker.url, fields, { intent: "password", login: logins[i % PEOPLE]!, password: PASSWORD }, undefined, world.publicUrl);
    await response.arrayBuffer();
    if (response.status !== 303 || !jar.names().length) throw new Error(`password sign-in answered ${response.status}`);
  };
  await runLoad(signIn, { count: 4, concurrency: 2 });
  const cpuBefore = cpuMilliseconds(broker.pid);
  const load = await runLoad(signIn, { count: options.count, concurrency: options.concurrency, deadlineMs: 60_000 });
  const cpuMs = cpuMilliseconds(broker.pid) - cpuBefore;
  if (load.failed) throw new Error(`${load.failed} password sign-ins failed: ${String(load.firstError)}`);
  const perSignIn = cpuMs / load.completed;
  const perVcpu = 1000 / perSignIn;
  return {
    title: "Password sign-in",
    sessionsCreated: load.completed + 4,
    figures: [
      { what: "password sign-in: broker CPU per sign-in", measured: `${fixed(perSignIn, 1)} ms` },
      { what: "password sign-in: sign-ins/s per vCPU", measured: fixed(perVcpu, 1), target: `≥ ${TARGET_PER_S_PER_VCPU}`, met: perVcpu >= TARGET_PER_S_PER_VCPU },
      { what: "password hash the broker stores (scheme)", measured: scheme },
      { what: "Argon2id m=19 MiB, t=2, p=1 alone: CPU per verification", measured: `${fixed(hashCpuMs, 1)} ms` },
      { what: "Argon2id alone: verifications/s per vCPU", measured: fixed(1000 / hashCpuMs, 1) },
      { what: "Argon2id alone: wall time per verification", measured: `${fixed(hashWallMs, 1)} ms` },
      { what: "broker CPU per sign-in / one Argon2id verification", measured: `${fixed(perSignIn / hashCpuMs, 2)}×` },
      { what: "password sign-in: observed throughput, this machine", measured: `${fixed((load.completed / load.wallMs) * 1000, 1)}/s` },
      { what: "password sign-in: latency p50 / p99", measured: `${fixed(percentile(load.latenciesMs, 50), 0)} / ${fixed(percentile(load.latenciesMs, 99), 0)} ms` },
    ],
    notes: [
      `${load.completed} sign-ins of ${PEOPLE} people, ${options.concurrency} at a time, through POST /login (the server action); broker CPU from /proc/<pid>/stat.`,
      `The Argon2id figure is ${hashRuns} sequential verifications with @node-rs/argon2 in the load generator's process, CPU from process.cpuUsage().`,
    ],
    results: { password_signins_per_s_per_vcpu: perVcpu },
  };
}
