import { sql } from "drizzle-orm";
import type { Database } from "@/db/client";

/**
 * Whether the database answers, known ahead of any request. While it does not, the server answers every request
 * with a 503 and a clear message at once (lib/server/unavailable-response.ts) instead of letting each request fail
 * its own way: a signed-in user would otherwise be told their session ended (Auth.js reads a failed session lookup
 * as "no session"), a form would end in a 500, and every request would wait on a dead connection first.
 *
 * One `select 1` every `intervalMs` (a negligible load), and at once when the server saw a request fail; after a
 * failed probe the next one follows at once, so that `failuresToDown` failures in a row (the database then counts
 * as down) take `failuresToDown × timeoutMs` at most, not that plus the intervals. The database counts as back at
 * the first probe that answers, with no restart. With the defaults a database that stops answering is noticed within
 * 1.45 s (a quarter second until the next probe, two probes of 600 ms), one that refuses connections within a
 * quarter second, and its return within a quarter second plus one connection. A probe that runs out of time counts as failed only if this process was not itself
 * starved meanwhile (its deadline timer fired late): on a saturated machine a late answer is not an outage, and
 * answering 503 then would turn overload into downtime.
 */
export type DatabaseWatch = { isDown(): boolean; checkNow(): void; stop(): void };

type Probe = { outcome: "ok" } | { outcome: "failed"; reason: string } | { outcome: "inconclusive" };

export function watchDatabase(
  db: Database,
  options: { intervalMs?: number; timeoutMs?: number; failuresToDown?: number; onChange?: (down: boolean, reason?: string) => void } = {},
): DatabaseWatch {
  const intervalMs = options.intervalMs ?? 250;
  const timeoutMs = options.timeoutMs ?? 600;
  const failuresToDown = options.failuresToDown ?? 2;
  let down = false;
  let failures = 0;
  let probing: Promise<void> | undefined;
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;

  const probeOnce = async (): Promise<Probe> => {
    const started = performance.now();
    let deadline: NodeJS.Timeout | undefined;
    const timedOut = new Promise<Probe>((resolve) => {
      deadline = setTimeout(() => {
        const late = performance.now() - started - timeoutMs;
        resolve(late > timeoutMs / 2 ? { outcome: "inconclusive" } : { outcome: "failed", reason: `no answer within ${timeoutMs} ms` });
      }, timeoutMs);
    });
    const answered = db.execute(sql`select 1`).then(
      (): Probe => ({ outcome: "ok" }),
      (error: unknown): Probe => ({ outcome: "failed", reason: error instanceof Error ? (error.cause instanceof Error ? error.cause.message : error.message.split("\n")[0]!) : String(error) }),
    );
    try {
      return await Promise.race([answered, timedOut]);
    } finally {
      clearTimeout(deadline);
    }
  };

  const probe = (): Promise<void> =>
    (probing ??= probeOnce()
      .then((result) => {
        if (result.outcome === "inconclusive") return false;
        failures = result.outcome === "ok" ? 0 : failures + 1;
        const nowDown = result.outcome === "ok" ? false : down || failures >= failuresToDown;
        if (nowDown !== down) {
          down = nowDown;
          options.onChange?.(down, result.outcome === "failed" ? result.reason : undefined);
        }
        // A failure not yet confirmed is confirmed (or not) by the next probe at once.
        return !down && failures > 0;
      })
      .finally(() => {
        probing = undefined;
      })
      .then((again) => (again && !stopped ? probe() : undefined)));

  const schedule = () => {
    if (stopped) return;
    timer = setTimeout(() => void probe().finally(schedule), intervalMs);
    timer.unref();
  };
  schedule();

  return {
    isDown: () => down,
    checkNow: () => void probe(),
    stop() {
      stopped = true;
      clearTimeout(timer);
    },
  };
}
