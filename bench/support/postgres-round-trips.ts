import { startTcpProxy } from "@/e2e/support/tcp-proxy";

/**
 * A TCP relay in front of Postgres that counts the round trips clients make: every Sync (extended protocol, what
 * postgres.js sends to end each query) and every simple Query is one request the client then waits on. Counting
 * on the wire needs nothing from the server (no pg_stat_statements) and sees exactly what the broker sent.
 * Connections that ask for TLS are refused it (the client then goes on in plain text, as on loopback).
 */
export async function startRoundTripCounter(target: { host: string; port: number }) {
  let roundTrips = 0;
  const relay = await startTcpProxy(target, (client, upstream) => {
    let buffered = Buffer.alloc(0);
    let started = false;
    client.on("data", (chunk: Buffer) => {
      buffered = Buffer.concat([buffered, chunk]);
      for (;;) {
        if (!started) {
          // Startup, SSL and cancel requests: a length and a code, no type byte.
          if (buffered.length < 8) break;
          const length = buffered.readInt32BE(0);
          if (buffered.length < length) break;
          const code = buffered.readInt32BE(4);
          const message = buffered.subarray(0, length);
          buffered = buffered.subarray(length);
          if (code === 80877103) {
            client.write("N"); // no TLS on this relay
            continue;
          }
          started = true;
          upstream.write(message);
          continue;
        }
        if (buffered.length < 5) break;
        const length = buffered.readInt32BE(1) + 1;
        if (buffered.length < length) break;
        const type = String.fromCharCode(buffered[0]!);
        if (type === "S" || type === "Q") roundTrips++;
        upstream.write(buffered.subarray(0, length));
        buffered = buffered.subarray(length);
      }
    });
  });
  return { port: relay.port, roundTrips: () => roundTrips, close: relay.close };
}
