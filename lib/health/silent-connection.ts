import { connect, type Socket } from "node:net";

/**
 * A database connection that owes an answer and stays silent is dead. A network that drops packets without a word
 * (a partition, a firewall that forgets the connection, a host that vanished) never closes the socket, TCP retries
 * for many minutes, and a server-side statement_timeout cannot help because its answer never arrives: every query
 * on that connection would wait until then. So the client keeps its own clock: from a write until the server says
 * it is ready for the next query, the server must not stay silent longer than `silenceMs`; a healthy server always
 * says something sooner (its statement_timeout cancels anything slower). Past that, the socket is destroyed with a
 * `CONNECTION_SILENT` error, postgres.js fails the query at once and opens a new connection for the next one.
 *
 * Used as postgres.js's `socket` option, which then leaves connecting to us. Over TLS postgres.js reads and writes
 * through the TLS layer, which bypasses this socket's own events: the rule is then inert (never a false alarm).
 */
export type SocketTarget = { host: string[]; port: number[]; path?: string | false };

export const CONNECTION_SILENT = "CONNECTION_SILENT";

export function silenceBoundedSockets(silenceMs: number): (target: SocketTarget) => Socket {
  let next = 0;
  return (target) => {
    const index = next++ % target.host.length;
    const host = target.host[index]!;
    const port = target.port[index] ?? target.port[0]!;
    const socket = target.path ? connect(target.path) : connect(port, host);
    // postgres.js names the peer in its connection errors from these two properties.
    Object.assign(socket, { host, port });
    boundSilence(socket, silenceMs);
    return socket;
  };
}

/** ReadyForQuery: type 'Z', length 5, then the transaction status (idle, in a transaction, failed transaction). */
function endsWithReadyForQuery(chunk: Buffer): boolean {
  const at = chunk.length - 6;
  return at >= 0 && chunk[at] === 0x5a && chunk.readInt32BE(at + 1) === 5 && [0x49, 0x54, 0x45].includes(chunk[at + 5]!);
}

export function boundSilence(socket: Socket, silenceMs: number): void {
  let timer: NodeJS.Timeout | undefined;
  let heard = false;
  const stopClock = () => {
    clearTimeout(timer);
    timer = undefined;
  };
  const startClock = () => {
    stopClock();
    timer = setTimeout(() => {
      const error = Object.assign(new Error(`the database sent nothing for ${silenceMs} ms while an answer was due`), { code: CONNECTION_SILENT });
      socket.destroy(error);
    }, silenceMs);
  };

  const write = socket.write.bind(socket) as (...args: unknown[]) => boolean;
  socket.write = ((...args: unknown[]) => {
    if (!timer) startClock();
    return write(...args);
  }) as Socket["write"];

  socket.on("data", (chunk: Buffer) => {
    heard = true;
    // The whole answer is in (or this is the one-byte answer to a TLS request): nothing is owed until the next write.
    // Otherwise more of the answer is due, and the silence is counted again from now.
    if (chunk.length === 1 || endsWithReadyForQuery(chunk)) stopClock();
    else startClock();
  });
  // A server that closes the connection before saying anything refused it: an error, not a quiet end (postgres.js
  // would otherwise retry the same connection forever).
  socket.once("end", () => {
    if (!heard) socket.destroy(Object.assign(new Error("the database closed the connection without answering"), { code: "ECONNRESET" }));
  });
  socket.once("close", stopClock);
}
