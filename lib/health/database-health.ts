import { sql } from "drizzle-orm";
import type { Database } from "@/db/client";

export type DatabaseHealth = { ok: true; latencyMs: number } | { ok: false; reason: string };

/**
 * One trivial query with a deadline. A database that does not answer within `timeoutMs` counts as down, so a
 * load balancer's health probe gets its 503 promptly instead of hanging on a connect timeout.
 */
export async function checkDatabaseHealth(db: Database, timeoutMs = 2000): Promise<DatabaseHealth> {
  const started = performance.now();
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
  });
  try {
    await Promise.race([db.execute(sql`select 1`), deadline]);
    return { ok: true, latencyMs: Math.round(performance.now() - started) };
  } catch (error) {
    return { ok: false, reason: error instanceof Error ? error.message : "unknown error" };
  } finally {
    clearTimeout(timer);
  }
}
