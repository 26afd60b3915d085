/**
 * How long one page of Settings → Users takes in a tenant of 10,000 users, among 100,000 users in ten tenants,
 * for every sort in both directions, on the first, a middle and the last page.
 *
 *   DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npx tsx bench/tenant-users-listing.ts   # a scratch database on that server
 *   npx tsx bench/tenant-users-listing.ts                                                           # embedded PGlite, in memory
 *
 * BENCH_TENANTS=100 keeps the tenant at 10,000 users among 1,000,000.
 */
import { randomBytes } from "node:crypto";
import { sql } from "drizzle-orm";
import postgres from "postgres";
import { openDatabase, type DatabaseHandle } from "@/db/client";
import { migrateDatabase } from "@/db/migrate";
import { withDatabase } from "@/db/testing/global-setup";
import { listTenantUsers } from "@/lib/tenancy/tenant-users";
import { TENANT_USER_SORTS } from "@/lib/tenancy/tenant-users-query";

const TENANTS = Number(process.env.BENCH_TENANTS ?? 10);
const USERS_PER_TENANT = 10_000;
const RUNS = 5;

const serverUrl = process.env.DATABASE_URL?.trim();
const scratch = `gatehouse_bench_${randomBytes(4).toString("hex")}`;
const admin = serverUrl ? postgres(serverUrl, { max: 1, onnotice: () => {} }) : null;
let handle: DatabaseHandle;
if (admin && serverUrl) {
  await admin.unsafe(`create database "${scratch}"`);
  const url = withDatabase(serverUrl, scratch);
  handle = openDatabase({ databaseUrl: url, dataDir: "unused" });
  await migrateDatabase({ databaseUrl: url, dataDir: "unused" }, handle);
} else {
  handle = openDatabase({ dataDir: "memory://" });
  await migrateDatabase({ dataDir: "memory://" }, handle);
}
const { db } = handle;

try {
  console.log(`seeding ${TENANTS} tenants × ${USERS_PER_TENANT} users on ${handle.driver}…`);
  await db.execute(sql`insert into tenant (id, key, name) select 'tenant-' || t, 'bench-' || t, 'Bench ' || t from generate_series(1, ${TENANTS}) t`);
  await db.execute(sql`
    insert into "user" (id, name, email, last_sign_in_at)
    select 'user-' || i, 'User ' || md5(i::text), 'u' || i || '@bench.example',
           case when i % 4 = 0 then null else timestamptz '2026-01-01' + (i * interval '17 minutes') end
    from generate_series(1, ${TENANTS * USERS_PER_TENANT}) i`);
  await db.execute(sql`
    insert into tenant_membership (user_id, tenant_id, role)
    select 'user-' || i, 'tenant-' || (1 + (i - 1) / ${USERS_PER_TENANT}), (case when i % 500 = 0 then 'admin' else 'member' end)::tenant_role
    from generate_series(1, ${TENANTS * USERS_PER_TENANT}) i`);
  await db.execute(sql`insert into password_credential (user_id, login, hash) select 'user-' || i, 'u' || i || '@bench.example', 'x' from generate_series(1, ${TENANTS * USERS_PER_TENANT}, 3) i`);
  await db.execute(sql`
    insert into account (user_id, type, provider, provider_account_id)
    select 'user-' || i, 'oidc', case when i % 2 = 0 then 'microsoft-entra-id' else 't-bench-1' end, 'acct-' || i
    from generate_series(2, ${TENANTS * USERS_PER_TENANT}, 3) i`);
  await db.execute(sql`analyze`);

  const lastPage = Math.ceil(USERS_PER_TENANT / 50);
  console.log(`median of ${RUNS} runs, ms        page 1    page ${lastPage / 2}  page ${lastPage}`);
  for (const sort of TENANT_USER_SORTS)
    for (const dir of ["asc", "desc"] as const) {
      const medians: string[] = [];
      for (const page of [1, lastPage / 2, lastPage]) {
        const times: number[] = [];
        for (let run = 0; run < RUNS; run++) {
          const started = performance.now();
          const result = await listTenantUsers(db, "tenant-1", { sort, dir, page });
          times.push(performance.now() - started);
          if (result.users.length !== 50 || result.total !== USERS_PER_TENANT) throw new Error(`unexpected page: ${result.users.length} of ${result.total}`);
        }
        medians.push(times.sort((a, b) => a - b)[Math.floor(RUNS / 2)]!.toFixed(1).padStart(8));
      }
      console.log(`${`${sort} ${dir}`.padEnd(28)}${medians.join("  ")}`);
    }
} finally {
  await handle.close();
  if (admin) {
    await admin.unsafe(`drop database if exists "${scratch}" with (force)`);
    await admin.end();
  }
}
