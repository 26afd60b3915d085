import type { Clock } from "@/lib/time/clock";

/**
 * Refusals per client address, counted in fixed one-minute windows in this process's memory: past the limit the
 * gateway answers 429 without verifying, auditing or fetching anything, so a flood of bad tokens costs little
 * and cannot fill the audit table. Per instance on purpose — this guards the instance's own work; a fleet-wide
 * limit belongs in front of it. The table is bounded: the oldest addresses are dropped first.
 */
export type RefusalThrottle = {
  /** True when this address is over its limit for the current window. */
  isThrottled(clientIp: string): boolean;
  recordRefusal(clientIp: string): void;
};

export function createRefusalThrottle(clock: Clock, options: { perMinute?: number; maxAddresses?: number } = {}): RefusalThrottle {
  const perMinute = options.perMinute ?? 60;
  const maxAddresses = options.maxAddresses ?? 10_000;
  const windows = new Map<string, { minute: number; count: number }>();
  const minute = () => Math.floor(clock.now().getTime() / 60_000);
  return {
    isThrottled(clientIp) {
      const entry = windows.get(clientIp);
      return entry !== undefined && entry.minute === minute() && entry.count >= perMinute;
    },
    recordRefusal(clientIp) {
      const now = minute();
      const entry = windows.get(clientIp);
      if (entry && entry.minute === now) entry.count += 1;
      else {
        windows.delete(clientIp);
        windows.set(clientIp, { minute: now, count: 1 });
        if (windows.size > maxAddresses) windows.delete(windows.keys().next().value!);
      }
    },
  };
}
