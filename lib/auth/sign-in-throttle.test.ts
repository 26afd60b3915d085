import { beforeEach, describe, expect, it } from "vitest";
import { signInThrottle } from "@/db/schema";
import { withTestDatabase } from "@/db/testing/test-database";
import { frozenClock } from "@/lib/time/clock";
import { ACCOUNT_RULE, accountBucket, clearBucket, lockedUntil, recordFailure } from "./sign-in-throttle";

const t = withTestDatabase();
beforeEach(async () => {
  await t.db.delete(signInThrottle);
});

const rule = { limit: 3, windowMs: 60_000, lockMs: 300_000 };

describe("sign-in throttle", () => {
  it("locks a bucket when failures reach the limit within the window, until the lock runs out", async () => {
    const clock = frozenClock("2026-11-21T10:00:00Z");
    expect(await recordFailure(t.db, "account:a", rule, clock)).toBeUndefined();
    clock.advance(10_000);
    expect(await recordFailure(t.db, "account:a", rule, clock)).toBeUndefined();
    expect(await lockedUntil(t.db, ["account:a"], clock)).toBeUndefined();
    clock.advance(10_000);
    const lock = await recordFailure(t.db, "account:a", rule, clock);
    expect(lock?.toISOString()).toBe("2026-11-21T10:05:20.000Z");
    expect((await lockedUntil(t.db, ["account:a", "ip:x"], clock))?.toISOString()).toBe("2026-11-21T10:05:20.000Z");
    clock.set("2026-11-21T10:05:21Z");
    expect(await lockedUntil(t.db, ["account:a"], clock)).toBeUndefined();
  });

  it("starts counting again once the window has passed", async () => {
    const clock = frozenClock("2026-11-21T10:00:00Z");
    await recordFailure(t.db, "account:b", rule, clock);
    await recordFailure(t.db, "account:b", rule, clock);
    clock.advance(61_000);
    expect(await recordFailure(t.db, "account:b", rule, clock)).toBeUndefined();
    expect(await lockedUntil(t.db, ["account:b"], clock)).toBeUndefined();
  });

  it("counts every one of many concurrent failures (one atomic upsert each)", async () => {
    const clock = frozenClock("2026-11-21T10:00:00Z");
    const big = { limit: 1000, windowMs: 60_000, lockMs: 60_000 };
    await Promise.all(Array.from({ length: 25 }, () => recordFailure(t.db, "ip:10.0.0.1", big, clock)));
    const [row] = await t.db.select().from(signInThrottle);
    expect(row?.failures).toBe(25);
  });

  it("keeps buckets apart and clears one without touching the others", async () => {
    const clock = frozenClock("2026-11-21T10:00:00Z");
    for (let i = 0; i < ACCOUNT_RULE.limit; i++) await recordFailure(t.db, accountBucket("carol"), ACCOUNT_RULE, clock);
    await recordFailure(t.db, "ip:10.0.0.2", rule, clock);
    expect(await lockedUntil(t.db, [accountBucket("dave")], clock)).toBeUndefined();
    expect(await lockedUntil(t.db, [accountBucket("carol")], clock)).toBeDefined();
    await clearBucket(t.db, accountBucket("carol"));
    expect(await lockedUntil(t.db, [accountBucket("carol")], clock)).toBeUndefined();
    expect(await t.db.select().from(signInThrottle)).toHaveLength(1);
  });
});
