import { describe, expect, it } from "vitest";
import { oauthSigningKeys } from "@/db/schema";
import { withTestDatabase } from "@/db/testing/test-database";
import { frozenClock } from "@/lib/time/clock";
import { secretKey } from "@/lib/crypto/secret-box";
import { createSigningKey, ensureSigningKey, loadSigningKeys, rotateSigningKeyIfDue } from "./signing-keys";
import { TEST_ENCRYPTION_KEY } from "./testing/authorization-server-harness";

const t = withTestDatabase();
const DAY = 24 * 60 * 60_000;
const schedule = { maxAgeMs: 30 * DAY, overlapMs: DAY };

describe("signing keys", () => {
  it("sealed under another SECRET_ENCRYPTION_KEY are left out, and a start makes a usable one instead of failing", async () => {
    const clock = frozenClock("2026-02-01T00:00:00Z");
    await t.db.delete(oauthSigningKeys);
    const otherKey = secretKey(new Uint8Array(32).fill(9));
    const foreign = await createSigningKey(t.db, otherKey, clock);
    expect(await loadSigningKeys(t.db, [TEST_ENCRYPTION_KEY], clock)).toEqual([]);
    await ensureSigningKey(t.db, [TEST_ENCRYPTION_KEY], clock);
    const usable = await loadSigningKeys(t.db, [TEST_ENCRYPTION_KEY], clock);
    expect(usable).toHaveLength(1);
    expect(usable[0]!.kid).not.toBe(foreign);
  });

  it("keep the private half sealed under the encryption key, never in clear", async () => {
    const clock = frozenClock("2026-01-01T00:00:00Z");
    const kid = await createSigningKey(t.db, TEST_ENCRYPTION_KEY, clock);
    const [row] = (await t.db.select().from(oauthSigningKeys)).filter((r) => r.kid === kid);
    expect(row!.publicJwk.d).toBeUndefined();
    expect(row!.sealedPrivateJwk).toMatch(/^v1\./);
    const loaded = (await loadSigningKeys(t.db, [TEST_ENCRYPTION_KEY], clock)).find((k) => k.kid === kid);
    expect(typeof loaded!.privateJwk.d).toBe("string");
    expect(row!.sealedPrivateJwk).not.toContain(String(loaded!.privateJwk.d));
  });

  it("rotate once the signing key is older than the schedule, and two instances rotating at once make one key", async () => {
    const clock = frozenClock("2026-03-01T00:00:00Z");
    await t.db.delete(oauthSigningKeys);
    const first = await createSigningKey(t.db, TEST_ENCRYPTION_KEY, clock);
    clock.advance(29 * DAY);
    expect(await rotateSigningKeyIfDue(t.db, TEST_ENCRYPTION_KEY, clock, schedule)).toBeUndefined();

    clock.advance(2 * DAY);
    const made = (await Promise.all([1, 2].map(() => rotateSigningKeyIfDue(t.db, TEST_ENCRYPTION_KEY, clock, schedule)))).filter(Boolean);
    expect(made).toHaveLength(1);
    expect((await loadSigningKeys(t.db, [TEST_ENCRYPTION_KEY], clock)).map((k) => k.kid)).toEqual([made[0], first]);

    clock.advance(DAY);
    expect((await loadSigningKeys(t.db, [TEST_ENCRYPTION_KEY], clock)).map((k) => k.kid)).toEqual([made[0]]);
  });
});
