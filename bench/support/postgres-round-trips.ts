import { startTcpProxy } from "@/e2e/support/tcp-proxy";

/**
 * A TCP relay in front of Postgres that counts the round trips clients make: every Sync (extended protocol, what
 * postgres.js sends to end each query) and every simple Query is one request the client then waits on. Counting
 * on the wire needs nothing from the server (no pg_stat_statements) and sees exactly what the broker sent.
 *
 * The relay must not slow what it counts: once the connection has started, every chunk the client sends is
 * written upstream the moment it arrives, and the message boundaries are followed on the side, only to count.
 * Both legs set TCP_NODELAY (e2e/support/tcp-proxy.ts). Connections that ask for TLS are refused it (the client
 * then goes on in plain text, as on loopback).
 */
const SSL_REQUEST = 80877103;

export type RoundTripCounter = {
  port: number;
  roundTrips(): number;
  /** Round trips per millisecond counted over `ms` of quiet: the broker's database watch probes in the background. */
  backgroundPerMs(ms?: number): Promise<number>;
  close(): Promise<void>;
};

export async function startRoundTripCounter(target: { host: string; port: number }): Promise<RoundTripCounter> {
  let roundTrips = 0;
  const relay = await startTcpProxy(target, (client, upstream) => {
    // Startup, SSL and cancel requests: a length and a code, no type byte. Read whole, since the SSL request is
    // answered here instead of being forwarded; this happens once per connection, before any query.
    let startup: Buffer | undefined = Buffer.alloc(0);
    // After startup: the bytes of a message's type and length read so far, and the bytes of its body still to skip.
    let header = Buffer.alloc(0);
    let skip = 0;
    const count = (chunk: Buffer) => {
      let i = 0;
      while (i < chunk.length) {
        if (skip > 0) {
          const taken = Math.min(skip, chunk.length - i);
          skip -= taken;
          i += taken;
          continue;
        }
        const taken = Math.min(5 - header.length, chunk.length - i);
        header = Buffer.concat([header, chunk.subarray(i, i + taken)]);
        i += taken;
        if (header.length < 5) break;
        const type = String.fromCharCode(header[0]!);
        if (type === "S" || type === "Q") roundTrips++;
        skip = header.readInt32BE(1) - 4;
        header = Buffer.alloc(0);
      }
    };
    client.on("data", (chunk: Buffer) => {
      if (!startup) {
        upstream.write(chunk);
        count(chunk);
        return;
      }
      startup = Buffer.concat([startup, chunk]);
      while (startup && startup.length >= 8) {
        const length = startup.readInt32BE(0);
        if (startup.length < length) break;
        const message = startup.subarray(0, length);
        const rest = startup.subarray(length);
        if (startup.readInt32BE(4) === SSL_REQUEST) {
          client.write("N"); // no TLS on this relay
          startup = rest;
          continue;
        }
        upstream.write(message);
        startup = undefined;
        if (rest.length) {
          upstream.write(rest);
          count(rest);
        }
      }
    });
  });
  return {
    port: relay.port,
    roundTrips: () => roundTrips,
    async backgroundPerMs(ms = 3000) {
      const before = roundTrips;
      await new Promise((resolve) => setTimeout(resolve, ms));
      return (roundTrips - before) / ms;
    },
    close: relay.close,
  };
}
