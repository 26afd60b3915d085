import type { DatabaseWatch } from "./database-watch";

/**
 * A failure that says "the database could not be reached or did not answer in time", as opposed to a fault of the
 * query or of the code: the request then deserves the contract's 503 message (`database_unavailable`), and the
 * process's database watch should look at once instead of at its next probe.
 *
 * Recognized by code anywhere along the `cause` chain (Drizzle wraps the driver's error in "Failed query"):
 * postgres.js's connection codes, the client's own silence bound (lib/health/silent-connection.ts), Node's socket
 * errors, and the SQLSTATE classes 08 (connection exception), 53 (insufficient resources: too many connections) and
 * 57 (operator intervention: a statement timeout, a server shutting down).
 */
const UNAVAILABLE_CODES = new Set([
  "CONNECTION_CLOSED",
  "CONNECTION_DESTROYED",
  "CONNECTION_ENDED",
  "CONNECT_TIMEOUT",
  "CONNECTION_SILENT",
  "ECONNREFUSED",
  "ECONNRESET",
  "EPIPE",
  "ETIMEDOUT",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "ENOTFOUND",
  "EAI_AGAIN",
]);
const UNAVAILABLE_SQLSTATE = /^(08|53|57)[0-9A-Z]{3}$/;

export function isDatabaseUnavailable(error: unknown): boolean {
  let current: unknown = error;
  for (let depth = 0; current instanceof Error && depth < 8; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === "string" && (UNAVAILABLE_CODES.has(code) || UNAVAILABLE_SQLSTATE.test(code))) return true;
    current = current.cause;
  }
  return false;
}

const shared = globalThis as typeof globalThis & { __gatehouseDatabaseWatch?: DatabaseWatch };

/** The server's watch, made reachable from the app's bundle (which has its own copy of every module). */
export function publishDatabaseWatch(watch: DatabaseWatch | undefined): void {
  shared.__gatehouseDatabaseWatch = watch;
}

/** A request saw the database fail: the watch probes now, so the next requests get their 503 without waiting. */
export function reportDatabaseFailure(): void {
  shared.__gatehouseDatabaseWatch?.checkNow();
}

/** For a `.catch`: reports a database failure to the watch, then rethrows whatever failed. */
export function reportingDatabaseFailure(error: unknown): never {
  if (isDatabaseUnavailable(error)) reportDatabaseFailure();
  throw error;
}
