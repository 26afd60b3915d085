import { randomBytes } from "node:crypto";
import { sql } from "drizzle-orm";
import postgres from "postgres";
import { openDatabase } from "@/db/client";
import { migrateDatabase } from "@/db/migrate";
import { withDatabase } from "@/db/testing/global-setup";
import { findSsoRouteForEmail } from "@/lib/domains/tenant-domains";
import { fixed, percentile } from "./support/load";
import type { BenchReport } from "./support/report";

/**
 * Home-realm discovery at scale: the e-mail → tenant lookup that /login makes for every address typed, with
 * 100,000 tenants and 200,000 verified domains (every tenant has SSO configured; every other tenant has it on).
 * Lookups are sequential, through the same function and driver the broker uses, on a scratch database.
 */
export async function benchHomeRealmDiscovery(serverUrl: string, options: { tenants: number; lookups: number }): Promise<BenchReport> {
  const scratch = `gatehouse_bench_hrd_${randomBytes(4).toString("hex")}`;
  const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database "${scratch}"`);
  const url = withDatabase(serverUrl, scratch);
  const handle = openDatabase({ databaseUrl: url, dataDir: "unused" });
  try {
    await migrateDatabase({ databaseUrl: url, dataDir: "unused" }, handle);
    const { db } = handle;
    const n = options.tenants;
    const seedStarted = performance.now();
    await db.execute(sql`insert into tenant (id, key, name) select 'tenant-' || t, 'bench-' || t, 'Bench ' || t from generate_series(1, ${n}) t`);
    await db.execute(sql`
      insert into tenant_domain (domain, tenant_id, verified_at)
      select 'd' || t || '-' || k || '.bench.example', 'tenant-' || t, now() from generate_series(1, ${n}) t, generate_series(1, 2) k`);
    await db.execute(sql`
      insert into tenant_sso_config (tenant_id, kind, entra_tenant_id, client_id, client_secret_encrypted, enabled)
      select 'tenant-' || t, 'entra', gen_random_uuid()::text, gen_random_uuid()::text, 'unused', t % 2 = 0 from generate_series(1, ${n}) t`);
    await db.execute(sql`analyze`);
    const seedSeconds = (performance.now() - seedStarted) / 1000;

    const timings: number[] = [];
    let routed = 0;
    for (let i = 0; i < 200; i++) await findSsoRouteForEmail(db, `warm${i}@d${1 + i}-1.bench.example`);
    for (let i = 0; i < options.lookups; i++) {
      const t = 1 + Math.floor(Math.random() * n);
      // Nine in ten addresses are on a tenant's domain (half of those with SSO on); one in ten on no known domain.
      const email = i % 10 === 9 ? `someone${i}@unknown-${i}.example` : `person${i}@d${t}-${1 + (i % 2)}.bench.example`;
      const started = performance.now();
      const route = await findSsoRouteForEmail(db, email);
      timings.push(performance.now() - started);
      if (route) routed++;
    }
    const p50 = percentile(timings, 50);
    const p99 = percentile(timings, 99);
    return {
      title: "Home-realm discovery at scale",
      figures: [
        { what: `tenants / verified domains`, measured: `${n.toLocaleString("en")} / ${(2 * n).toLocaleString("en")}` },
        { what: "e-mail → tenant lookup p50", measured: `${fixed(p50, 2)} ms` },
        { what: "e-mail → tenant lookup p99", measured: `${fixed(p99, 2)} ms`, target: "≤ 5 ms", met: p99 <= 5 },
        { what: "lookups that found an SSO tenant", measured: `${routed} of ${options.lookups}` },
      ],
      notes: [
        `${options.lookups} sequential lookups of random addresses with findSsoRouteForEmail (one indexed query: domain primary key, then tenant and SSO rows by key) over postgres.js on loopback; seeding took ${fixed(seedSeconds, 1)} s.`,
      ],
      results: { hrd_p99_ms: p99 },
    };
  } finally {
    await handle.close();
    await admin.unsafe(`drop database if exists "${scratch}" with (force)`);
    await admin.end();
  }
}
