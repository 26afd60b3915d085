import { connect, createServer, type Socket } from "node:net";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase, type DatabaseHandle } from "@/db/client";
import { openTestDatabase, type TestDatabase } from "@/db/testing/test-database";
import { startTcpProxy, type TcpProxy } from "@/e2e/support/tcp-proxy";
import { isDatabaseUnavailable } from "./database-failure";
import { boundSilence, CONNECTION_SILENT } from "./silent-connection";

/** Real Postgres behind a relay the tests break: a handle bounded as the server bounds its own. */
const bounds = { statementMs: 500, connectMs: 800 };
let t: TestDatabase;
let proxy: TcpProxy;
let handle: DatabaseHandle;
beforeAll(async () => {
  t = await openTestDatabase();
  if (!t.url) return;
  const url = new URL(t.url);
  proxy = await startTcpProxy({ host: url.hostname, port: Number(url.port || 5432) });
  url.host = `127.0.0.1:${proxy.port}`;
  handle = openDatabase({ databaseUrl: url.toString(), dataDir: "unused", databaseTimeouts: bounds });
});
afterAll(async () => {
  await handle?.close();
  await proxy?.close();
  await t.close();
});

const backendPid = async () => ((await handle.db.execute(sql`select pg_backend_pid() as pid`)) as unknown as { pid: number }[])[0]!.pid;
async function failure(query: Promise<unknown>): Promise<{ error: unknown; ms: number }> {
  const started = Date.now();
  try {
    await query;
  } catch (error) {
    return { error, ms: Date.now() - started };
  }
  throw new Error("the query did not fail");
}

describe.skipIf(!process.env.DATABASE_URL)("a bounded Postgres connection", () => {
  it("leaves a connection that is merely idle open, however long it stays quiet", async () => {
    const before = await backendPid();
    await new Promise((resolve) => setTimeout(resolve, bounds.statementMs + 800));
    expect(await backendPid()).toBe(before);
  });

  it("runs transactions as before (a connection reserved for one)", async () => {
    const rows = await handle.db.transaction((tx) => tx.execute(sql`select 41 + 1 as n`));
    expect([...(rows as Iterable<unknown>)]).toEqual([{ n: 42 }]);
  });

  it("lets the server cancel a statement that runs too long, and keeps the connection", async () => {
    const before = await backendPid();
    const { error, ms } = await failure(handle.db.execute(sql`select pg_sleep(5)`));
    expect((error as { cause?: { code?: string } }).cause?.code).toBe("57014");
    expect(ms).toBeLessThan(bounds.statementMs + 400);
    expect(await backendPid()).toBe(before);
  });

  it("gives up on a connection that owes an answer and falls silent, then works again once traffic flows", async () => {
    await backendPid();
    proxy.blackHole();
    try {
      const { error, ms } = await failure(handle.db.execute(sql`select 1`));
      expect(isDatabaseUnavailable(error)).toBe(true);
      expect(ms).toBeLessThan(bounds.statementMs + 500 + 400);
      // A new connection into the silence gives up within the connect timeout.
      const again = await failure(handle.db.execute(sql`select 2`));
      expect(isDatabaseUnavailable(again.error)).toBe(true);
      expect(again.ms).toBeLessThan(bounds.statementMs + 500 + 400);
    } finally {
      proxy.restore();
    }
    const started = Date.now();
    await handle.db.execute(sql`select 1`);
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it("fails at once while connections are refused, and reconnects within half a second once they are not", async () => {
    await backendPid();
    proxy.hardCut();
    try {
      for (let i = 0; i < 8; i++) {
        const { error, ms } = await failure(handle.db.execute(sql`select 1`));
        expect(isDatabaseUnavailable(error)).toBe(true);
        expect(ms).toBeLessThan(bounds.connectMs + 400);
      }
    } finally {
      proxy.restore();
    }
    const started = Date.now();
    await handle.db.execute(sql`select 1`);
    expect(Date.now() - started).toBeLessThan(500);
  });
});

describe("boundSilence", () => {
  /** A server that answers whatever it receives with `readyCount` ReadyForQuery messages, then says nothing more. */
  async function connectionAnswered(readyCount: number): Promise<{ socket: Socket; closed: Promise<unknown>; stop(): void }> {
    const ready = Buffer.from([0x5a, 0, 0, 0, 5, 0x49]);
    const server = createServer((peer) => peer.once("data", () => peer.write(Buffer.concat(Array(readyCount).fill(ready)))));
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const socket = connect((server.address() as { port: number }).port, "127.0.0.1");
    boundSilence(socket, 300);
    const closed = new Promise((resolve) => socket.once("close", () => resolve(undefined)).once("error", resolve));
    // The start-up message, then two queries pipelined behind it (each ends with a Sync): three answers owed.
    const startup = Buffer.alloc(8);
    startup.writeInt32BE(8, 0);
    startup.writeInt32BE(196608, 4);
    const syncMessage = Buffer.from([0x53, 0, 0, 0, 4]);
    socket.write(Buffer.concat([startup, syncMessage, syncMessage]));
    return { socket, closed, stop: () => (socket.destroy(), server.close()) };
  }

  it("counts every pipelined query: one still owed its answer when the others got theirs is a dead connection", async () => {
    const connection = await connectionAnswered(2);
    const started = Date.now();
    const error = await connection.closed;
    expect((error as { code?: string }).code).toBe(CONNECTION_SILENT);
    expect(Date.now() - started).toBeLessThan(1000);
    connection.stop();
  });

  it("leaves a connection alone once every answer it was owed has come", async () => {
    const connection = await connectionAnswered(3);
    const outcome = await Promise.race([connection.closed.then(() => "closed"), new Promise((resolve) => setTimeout(() => resolve("open"), 800))]);
    expect(outcome).toBe("open");
    connection.stop();
  });
});
