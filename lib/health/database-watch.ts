import type { Database } from "@/db/client";
import { checkDatabaseHealth } from "./database-health";

/**
 * Whether the database answers, known ahead of any request. While it does not, the server answers every request
 * with a 503 and a clear message at once (lib/server/unavailable-response.ts) instead of letting each request fail
 * its own way: a signed-in user would otherwise be told their session ended (Auth.js reads a failed session lookup
 * as "no session"), a form would end in a 500, and every request would wait on a dead connection first.
 *
 * One `select 1` every `intervalMs` (a negligible load), and at once when the server saw a request fail; the
 * database counts as back at the first probe that answers, with no restart.
 */
export type DatabaseWatch = { isDown(): boolean; checkNow(): void; stop(): void };

export function watchDatabase(db: Database, options: { intervalMs?: number; timeoutMs?: number; onChange?: (down: boolean) => void } = {}): DatabaseWatch {
  const intervalMs = options.intervalMs ?? 500;
  const timeoutMs = options.timeoutMs ?? 1000;
  let down = false;
  let probing: Promise<void> | undefined;
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;

  const probe = () =>
    (probing ??= checkDatabaseHealth(db, timeoutMs)
      .then((health) => {
        if (down === !health.ok) return;
        down = !health.ok;
        options.onChange?.(down);
      })
      .finally(() => {
        probing = undefined;
      }));

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
