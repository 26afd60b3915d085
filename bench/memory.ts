import { randomBytes } from "node:crypto";
import type { EntraWorld } from "@/e2e/support/broker-with-entra";
import { runLoad } from "./support/load";
import { residentMegabytes } from "./support/process-usage";
import type { BenchReport } from "./support/report";

/**
 * The broker's resident memory once 10,000 sessions exist and have been used. Sessions are database rows, so
 * memory should not grow with them: the sessions made by the sign-in benchmarks are topped up with rows written
 * straight into the session table for existing users (10,000 complete sign-ins would take minutes here), and then
 * `used` of them (all, at full scale) each make one signed-in request.
 */
const TARGET_IDLE_MB = 160;
const TARGET_SESSIONS_MB = 250;
export async function benchMemory(
  world: EntraWorld,
  options: { idleMb: number; sessions: number; used: number; cookieName: string; concurrency: number },
): Promise<BenchReport> {
  const broker = world.brokers[0]!;
  const existing = await world.sql<{ token: string }[]>`select session_token as token from session`;
  // Everyone but the seeded admin, whose sessions answer 403 until the first password change.
  const owners = await world.sql<{ id: string; tenant: string | null }[]>`
    select u.id, m.tenant_id as tenant from "user" u left join tenant_membership m on m.user_id = u.id
    where not exists (select 1 from password_credential p where p.user_id = u.id and p.must_change)`;
  const missing = Math.max(0, options.sessions - existing.length);
  const rows = Array.from({ length: missing }, (_, i) => {
    const owner = owners[i % owners.length]!;
    return { session_token: randomBytes(32).toString("base64url"), user_id: owner.id, tenant_id: owner.tenant, expires: new Date(Date.now() + 86_400_000) };
  });
  for (let i = 0; i < rows.length; i += 1000) await world.sql`insert into session ${world.sql(rows.slice(i, i + 1000))}`;
  const all = [...existing.map((r) => r.token), ...rows.map((r) => r.session_token)];
  // Every session from a real sign-in, then an even spread of the written ones.
  const step = Math.max(1, Math.floor(rows.length / Math.max(1, options.used - existing.length)));
  const tokens = [...existing.map((r) => r.token), ...rows.filter((_, i) => i % step === 0).map((r) => r.session_token)].slice(0, Math.max(options.used, existing.length));
  const load = await runLoad(
    async (i) => {
      const response = await fetch(`${broker.url}/api/v1/me`, { headers: { cookie: `${options.cookieName}=${tokens[i]}` } });
      await response.arrayBuffer();
      if (response.status !== 200) throw new Error(`session ${i} answered ${response.status}`);
    },
    { count: tokens.length, concurrency: options.concurrency, deadlineMs: 120_000 },
  );
  if (load.failed || load.completed < tokens.length) throw new Error(`${load.failed} of ${tokens.length} session requests failed: ${String(load.firstError)}`);
  const afterMb = residentMegabytes(broker.pid);
  return {
    title: "Memory",
    figures: [
      { what: "broker RSS, idle after start", measured: `${options.idleMb} MB`, target: `≤ ${TARGET_IDLE_MB} MB`, met: options.idleMb <= TARGET_IDLE_MB },
      { what: `broker RSS after ${all.length.toLocaleString("en")} sessions were created (${tokens.length.toLocaleString("en")} used)`, measured: `${afterMb} MB`, target: `≤ ${TARGET_SESSIONS_MB} MB`, met: afterMb <= TARGET_SESSIONS_MB },
    ],
    notes: [
      `${existing.length} sessions came from complete sign-ins, ${missing} were written into the session table directly; ${tokens.length === all.length ? "each of them" : `${tokens.length} of them (all from sign-ins, the rest spread evenly)`} then made one GET /api/v1/me (200).`,
      "RSS is VmRSS from /proc/<pid>/status of the server process, as `npm start` runs it with Node's default heap limits; idle is after start, one request to /login, /api/health and /api/v1/me, and 2 s of quiet.",
    ],
    results: { rss_idle_mb: options.idleMb, rss_10k_sessions_mb: afterMb },
  };
}
