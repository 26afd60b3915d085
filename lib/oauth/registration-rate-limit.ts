import type { Clock } from "@/lib/time/clock";

/**
 * Dynamic Client Registration is unauthenticated, so each client address may register a few clients a minute
 * (a fixed window per instance: enough to stop a script filling the table, not a quota). A legitimate MCP client
 * registers once per authorization server and keeps its client id.
 */
export type RegistrationRateLimit = { allow(clientIp: string): boolean };

export function registrationRateLimit(clock: Clock, limit = 10, windowMs = 60_000): RegistrationRateLimit {
  const windows = new Map<string, { start: number; count: number }>();
  return {
    allow(clientIp) {
      const now = clock.now().getTime();
      if (windows.size > 10_000) for (const [ip, w] of windows) if (now - w.start >= windowMs) windows.delete(ip);
      const current = windows.get(clientIp);
      if (!current || now - current.start >= windowMs) {
        windows.set(clientIp, { start: now, count: 1 });
        return true;
      }
      current.count += 1;
      return current.count <= limit;
    },
  };
}
