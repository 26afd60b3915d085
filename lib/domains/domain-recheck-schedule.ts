import type { Database } from "@/db/client";
import type { Clock } from "@/lib/time/clock";
import type { TxtLookup } from "./dns-txt-lookup";
import { recheckVerifiedDomains } from "./self-serve-domains";

/**
 * Runs the daily TXT re-check from the server: once shortly after start, then every hour (each run takes only the
 * domains not checked for a day). A failed run is logged and tried again at the next tick; the timer never keeps
 * the process alive.
 */
export function startDomainRechecks(input: { db: Database; lookup: TxtLookup; clock: Clock; everyMs?: number }): { stop(): void } {
  const run = () =>
    recheckVerifiedDomains(input.db, input.lookup, input.clock).then(
      ({ lost }) => {
        if (lost.length) console.log(`[domains] TXT record gone, back to pending: ${lost.join(", ")}`);
      },
      (error: unknown) => console.error(`[domains] the daily re-check failed: ${error instanceof Error ? error.message : String(error)}`),
    );
  const first = setTimeout(run, 60_000);
  const every = setInterval(run, input.everyMs ?? 60 * 60 * 1000);
  first.unref();
  every.unref();
  return {
    stop() {
      clearTimeout(first);
      clearInterval(every);
    },
  };
}
