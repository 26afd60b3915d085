import { join } from "node:path";
import { PGlite } from "@electric-sql/pglite";
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import { drizzle as drizzlePostgres } from "drizzle-orm/postgres-js";
import postgres from "postgres";
import { silenceBoundedSockets } from "@/lib/health/silent-connection";
import * as schema from "./schema";

export type Schema = typeof schema;
/** Both drivers give the same Drizzle database, so every query and the Auth.js adapter run unchanged on either. */
export type Database = PgDatabase<PgQueryResultHKT, Schema>;

export type DatabaseHandle = {
  db: Database;
  driver: "postgres" | "pglite";
  /**
   * LISTENs on `channel` on a connection of its own: `onMessage` gets each notification's payload; `onConnect` is
   * called each time the listening starts (again after every reconnect), `onDisconnect` each time the connection is
   * lost — between the two, notifications are missed. Closing the handle ends the listening.
   */
  listen(channel: string, listener: NotificationListener): Promise<void>;
  close(): Promise<void>;
};

export type NotificationListener = { onMessage(payload: string): void; onConnect(): void; onDisconnect(): void };

/**
 * Bounds on each database wait, in milliseconds (the server's come from its settings). `statementMs`: the server
 * cancels a statement running longer, and the client takes a connection that owes an answer and stays silent a little
 * longer than that for dead. `connectMs`: a new connection must be ready within it.
 */
export type DatabaseTimeouts = { statementMs: number; connectMs: number };

/** Without `databaseTimeouts` (tools, tests, benchmarks seeding rows) statements may run as long as they need. */
export type DatabaseTarget = { databaseUrl?: string; dataDir: string; databaseTimeouts?: DatabaseTimeouts };

/** How much longer than its statement timeout a server may take to say so before its connection counts as dead. */
const ANSWER_MARGIN_MS = 500;

/**
 * postgres.js waits before reopening a connection that failed, longer after every failure in a row (up to 20 s by
 * default): after an outage of a few seconds the pool would stay shut for as long, with the database back. A short,
 * capped wait instead; connections are only ever opened for a query that waits, so this cannot storm the server.
 */
const reconnectDelaySeconds = (failuresInARow: number) => Math.min(0.025 * 2 ** failuresInARow, 0.25);

/**
 * With DATABASE_URL: postgres.js against a Postgres server. Without: an embedded PGlite database in DATA_DIR.
 * Timestamps are `timestamptz` and the session time zone is UTC, so the server's own TimeZone never shifts them.
 *
 * With `databaseTimeouts`, every wait is bounded: the server cancels a statement that runs longer than
 * `statementMs`; a connection that owes an answer and stays silent past that (a network that drops packets) is
 * destroyed by the client (lib/health/silent-connection.ts); a new connection must be ready within `connectMs`.
 */
export function openDatabase(target: DatabaseTarget): DatabaseHandle {
  if (target.databaseUrl) {
    const bounds = target.databaseTimeouts;
    const client = postgres(target.databaseUrl, {
      max: 10,
      connect_timeout: bounds ? bounds.connectMs / 1000 : 5,
      idle_timeout: 30,
      backoff: reconnectDelaySeconds,
      onnotice: () => {},
      connection: { TimeZone: "UTC", application_name: "gatehouse", ...(bounds ? { statement_timeout: bounds.statementMs } : {}) },
      ...(bounds ? { socket: silenceBoundedSockets(bounds.statementMs + ANSWER_MARGIN_MS) } : {}),
    });
    const listeners: postgres.Sql[] = [];
    return {
      db: drizzlePostgres({ client, schema }),
      driver: "postgres",
      listen: (channel, listener) => listenOnPostgres(target.databaseUrl!, channel, listener, listeners),
      close: async () => {
        await Promise.all(listeners.map((l) => l.end({ timeout: 0 })));
        await client.end({ timeout: 5 });
      },
    };
  }
  // "memory://" keeps the embedded database in memory (tests); anything else is a directory under DATA_DIR.
  const client = new PGlite(target.dataDir === "memory://" ? "memory://" : join(target.dataDir, "pgdata"));
  return {
    db: drizzlePglite({ client, schema }),
    driver: "pglite",
    // One process holds the embedded database: its listening never disconnects.
    listen: async (channel, listener) => {
      await client.listen(channel, listener.onMessage);
      listener.onConnect();
    },
    close: () => client.close(),
  };
}

/**
 * postgres.js's own `listen` re-listens after a reconnect but does not say when the connection was lost, and a
 * listener must know it (it cannot trust what it holds while notifications go unheard). So the listening gets a
 * one-connection client of its own whose `onclose` reports the loss and listens again; a connection that cannot be
 * opened is tried again every quarter second, one attempt at a time.
 */
async function listenOnPostgres(url: string, channel: string, listener: NotificationListener, listeners: postgres.Sql[]): Promise<void> {
  let ended = false;
  let attempt: Promise<void> | undefined;
  // `onnotify` is an option of postgres.js the types leave out (its own `listen` is built on it).
  const options: postgres.Options<Record<string, never>> & { onnotify(name: string, payload: string): void } = {
    max: 1,
    idle_timeout: 0,
    max_lifetime: null,
    fetch_types: false,
    connect_timeout: 5,
    onnotice: () => {},
    connection: { application_name: "gatehouse-listener" },
    onnotify: (name, payload) => {
      if (name === channel) listener.onMessage(payload);
    },
    onclose: () => {
      listener.onDisconnect();
      if (!ended) void subscribe();
    },
  };
  const sql = postgres(url, options);
  const end = sql.end.bind(sql);
  sql.end = (options) => {
    ended = true;
    return end(options);
  };
  listeners.push(sql);
  const subscribe = (): Promise<void> =>
    (attempt ??= sql
      .unsafe(`listen "${channel.replace(/"/g, '""')}"`)
      .then(
        () => {
          attempt = undefined;
          listener.onConnect();
        },
        () => {
          attempt = undefined;
          if (!ended) setTimeout(() => void subscribe(), 250).unref();
        },
      ));
  await subscribe();
}

const shared = globalThis as typeof globalThis & { __gatehouseDatabase?: DatabaseHandle };

/**
 * The process's one database handle. The custom server opens it (and migrates) before Next.js starts; the app bundle
 * finds it here. PGlite in particular must be opened once per process: two handles on one directory corrupt it.
 */
export function sharedDatabaseHandle(open: () => DatabaseHandle): DatabaseHandle {
  shared.__gatehouseDatabase ??= open();
  return shared.__gatehouseDatabase;
}

export function forgetDatabaseHandle(): void {
  shared.__gatehouseDatabase = undefined;
}
