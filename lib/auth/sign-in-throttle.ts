import { and, gt, inArray, sql } from "drizzle-orm";
import type { Database } from "@/db/client";
import { signInThrottle } from "@/db/schema";
import type { Clock } from "@/lib/time/clock";

/**
 * Failed-password throttling, kept in the database so that it holds across instances.
 *
 * Two buckets are counted for every failure: the account (the login as typed, whether or not it exists, so that a
 * lock does not reveal which accounts exist) and the client address (so one machine cannot spray many accounts).
 * A bucket that reaches its limit within its window is locked for `lockMs`; the lock ends by itself. A successful
 * sign-in clears the account bucket only: the address still carries its other failures.
 *
 * The counter is one atomic upsert, so concurrent failures on several instances are all counted.
 */

export type ThrottleRule = { limit: number; windowMs: number; lockMs: number };

export const ACCOUNT_RULE: ThrottleRule = { limit: 5, windowMs: 15 * 60_000, lockMs: 15 * 60_000 };
export const ADDRESS_RULE: ThrottleRule = { limit: 50, windowMs: 15 * 60_000, lockMs: 15 * 60_000 };

export const accountBucket = (login: string) => `account:${login}`;
export const addressBucket = (clientIp: string) => `ip:${clientIp}`;

/** When the latest lock on any of these buckets ends, or undefined when none is locked now. */
export async function lockedUntil(db: Database, buckets: string[], clock: Clock): Promise<Date | undefined> {
  const rows = await db
    .select({ lockedUntil: signInThrottle.lockedUntil })
    .from(signInThrottle)
    .where(and(inArray(signInThrottle.bucket, buckets), gt(signInThrottle.lockedUntil, clock.now())));
  const ends = rows.map((r) => r.lockedUntil!.getTime());
  return ends.length ? new Date(Math.max(...ends)) : undefined;
}

/** Counts one failure in the bucket; returns the lock end when this failure reached the limit. */
export async function recordFailure(db: Database, bucket: string, rule: ThrottleRule, clock: Clock): Promise<Date | undefined> {
  const now = clock.now();
  const windowOpenedAfter = new Date(now.getTime() - rule.windowMs);
  const lockEnd = new Date(now.getTime() + rule.lockMs);
  const t = signInThrottle;
  // Inside ON CONFLICT the bare column names are the existing row's values.
  const windowExpired = sql`${t.windowStartedAt} <= ${windowOpenedAfter.toISOString()}::timestamptz`;
  const nextCount = sql`case when ${windowExpired} then 1 else ${t.failures} + 1 end`;
  const [row] = await db
    .insert(t)
    .values({ bucket, failures: 1, windowStartedAt: now, lockedUntil: rule.limit <= 1 ? lockEnd : null })
    .onConflictDoUpdate({
      target: t.bucket,
      set: {
        failures: nextCount,
        windowStartedAt: sql`case when ${windowExpired} then ${now.toISOString()}::timestamptz else ${t.windowStartedAt} end`,
        lockedUntil: sql`case when ${nextCount} >= ${rule.limit}::int then ${lockEnd.toISOString()}::timestamptz else ${t.lockedUntil} end`,
      },
    })
    .returning({ failures: t.failures, lockedUntil: t.lockedUntil });
  return row && row.failures >= rule.limit ? (row.lockedUntil ?? undefined) : undefined;
}

export async function clearBucket(db: Database, bucket: string): Promise<void> {
  await db.delete(signInThrottle).where(inArray(signInThrottle.bucket, [bucket]));
}
