import { connect, type Socket } from "node:net";

/**
 * A database connection that owes an answer and stays silent is dead. A network that drops packets without a word
 * (a partition, a firewall that forgets the connection, a host that vanished) never closes the socket, TCP retries
 * for many minutes, and a server-side statement_timeout cannot help because its answer never arrives: every query
 * on that connection would wait until then. So the client keeps its own clock: from a write until the server says
 * it is ready for the next query, the server must not stay silent longer than `silenceMs`; a healthy server always
 * says something sooner (its statement_timeout cancels anything slower). Past that, the socket is destroyed with a
 * `CONNECTION_SILENT` error, postgres.js fails the query at once and opens a new connection for the next one.
 * Queries pipelined on one connection are each owed their answer (the protocol's messages are counted, below).
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

/** Frontend message types that the server answers with exactly one ReadyForQuery: Sync and a simple Query. */
const SYNC = 0x53;
const QUERY = 0x51;
/** Flush: the server sends what it has (no ReadyForQuery follows). */
const FLUSH = 0x48;
const READY_FOR_QUERY = 0x5a;
/** Untyped requests (a length, then a code): the start-up message of protocol 3.0, and the TLS request. */
const STARTUP = 196608;
const SSL_REQUEST = 80877103;

/**
 * Splits one direction of a Postgres protocol stream into messages, across chunk boundaries: a type byte and a length,
 * or (the first message of a connection, and the one after a TLS request) a length and a code without a type.
 */
class MessageHeaders {
  private header = Buffer.alloc(0);
  private remaining = 0;
  constructor(public untypedNext: boolean) {}

  *read(chunk: Buffer): Generator<{ type: number } | { code: number }> {
    let offset = 0;
    while (offset < chunk.length) {
      if (this.remaining > 0) {
        const skipped = Math.min(this.remaining, chunk.length - offset);
        this.remaining -= skipped;
        offset += skipped;
        continue;
      }
      const size = this.untypedNext ? 8 : 5;
      const taken = Math.min(size - this.header.length, chunk.length - offset);
      this.header = Buffer.concat([this.header, chunk.subarray(offset, offset + taken)]);
      offset += taken;
      if (this.header.length < size) return;
      if (this.untypedNext) {
        this.untypedNext = false;
        this.remaining = this.header.readInt32BE(0) - 8;
        yield { code: this.header.readInt32BE(4) };
      } else {
        this.remaining = this.header.readInt32BE(1) - 4;
        yield { type: this.header[0]! };
      }
      this.header = Buffer.alloc(0);
    }
  }
}

/**
 * The clock runs while the server owes an answer: a ReadyForQuery for each Sync, Query or start-up message sent and
 * not yet answered, or any byte after a Flush or a TLS request. Every byte the server sends meanwhile starts it
 * again (a long result arrives in many pieces); a connection that owes nothing may stay quiet forever.
 */
export function boundSilence(socket: Socket, silenceMs: number): void {
  const sent = new MessageHeaders(true);
  const received = new MessageHeaders(false);
  let owed = 0;
  let anyByteDue = false;
  let tlsAnswerDue = false;
  let heard = false;
  let timer: NodeJS.Timeout | undefined;

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
  const due = () => owed > 0 || anyByteDue;

  const write = socket.write.bind(socket) as (chunk: unknown, ...rest: unknown[]) => boolean;
  socket.write = ((chunk: unknown, ...rest: unknown[]) => {
    if (Buffer.isBuffer(chunk) || chunk instanceof Uint8Array) {
      for (const message of sent.read(Buffer.from(chunk as Uint8Array))) {
        if ("code" in message) {
          if (message.code === STARTUP) owed++;
          if (message.code === SSL_REQUEST) {
            anyByteDue = tlsAnswerDue = true;
            sent.untypedNext = true; // the start-up message follows (in plain text when the server declines TLS)
          }
        } else if (message.type === SYNC || message.type === QUERY) owed++;
        else if (message.type === FLUSH) anyByteDue = true;
      }
      if (due() && !timer) startClock();
    }
    return write(chunk, ...rest);
  }) as Socket["write"];

  socket.on("data", (chunk: Buffer) => {
    heard = true;
    anyByteDue = false;
    if (tlsAnswerDue) {
      // One byte, S or N, outside the message framing. After an S, TLS takes the socket over and this rule stops
      // seeing its traffic.
      tlsAnswerDue = false;
      chunk = chunk.subarray(1);
    }
    for (const message of received.read(chunk)) if ("type" in message && message.type === READY_FOR_QUERY) owed = Math.max(0, owed - 1);
    if (due()) startClock();
    else stopClock();
  });
  // A server that closes the connection before saying anything refused it: an error, not a quiet end (postgres.js
  // would otherwise retry the same connection forever).
  socket.once("end", () => {
    if (!heard) socket.destroy(Object.assign(new Error("the database closed the connection without answering"), { code: "ECONNRESET" }));
  });
  socket.once("close", stopClock);
}
