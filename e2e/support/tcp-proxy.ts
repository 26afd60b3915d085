import { createServer, connect, type Socket } from "node:net";

/**
 * A TCP relay to a real server that a test can break and mend, to play a network failure between Gatehouse and its
 * database:
 * - `cut()` (also `hardCut()`): every open connection is destroyed and new ones are refused, as when the server or
 *   its host goes away and the peer says so;
 * - `blackHole()`: nothing is forwarded any more in either direction, but no socket is closed and new connections
 *   are accepted and then never answered, as in a network partition where packets vanish without a word;
 * - `restore()`: traffic flows again; what was held during a black hole is delivered then, as TCP would after the
 *   partition heals.
 * `forward` replaces the client → server leg (to read what clients send); the server → client leg is plain relaying.
 * Both legs set TCP_NODELAY, so the relay adds no delay to the small request/answer messages it counts.
 */
export type Forward = (client: Socket, upstream: Socket) => void;

const pipeThrough: Forward = (client, upstream) => relay(client, upstream);

/** Relaying without backpressure (loopback, small messages): `pause()` alone then decides whether bytes move. */
function relay(from: Socket, to: Socket): void {
  from.on("data", (chunk: Buffer) => void to.write(chunk));
}

export type TcpProxy = Awaited<ReturnType<typeof startTcpProxy>>;

export async function startTcpProxy(target: { host: string; port: number }, forward: Forward = pipeThrough) {
  let mode: "open" | "cut" | "black-hole" = "open";
  const sockets = new Set<Socket>();
  /** each socket's other end: client ↔ upstream */
  const partner = new Map<Socket, Socket>();
  /** clients accepted during a black hole, not yet connected to the server */
  const held = new Set<Socket>();

  const track = (socket: Socket) => {
    // No Nagle delay: a small write of a database protocol would otherwise wait for the peer's delayed ACK (~40 ms).
    socket.setNoDelay(true);
    sockets.add(socket);
    socket.on("close", () => {
      sockets.delete(socket);
      held.delete(socket);
      partner.get(socket)?.destroy();
    });
    socket.on("error", () => socket.destroy());
    // A side that finishes lets the other finish too, after what it already sent has been delivered.
    socket.on("end", () => partner.get(socket)?.end());
  };
  const wire = (client: Socket) => {
    const upstream = connect(target.port, target.host);
    partner.set(client, upstream).set(upstream, client);
    track(upstream);
    upstream.on("close", () => partner.delete(upstream));
    client.on("close", () => partner.delete(client));
    forward(client, upstream);
    relay(upstream, client);
    client.resume();
  };

  const server = createServer((client) => {
    if (mode === "cut") return client.destroy();
    track(client);
    if (mode === "black-hole") {
      client.pause();
      held.add(client);
      return;
    }
    wire(client);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };

  const hardCut = () => {
    mode = "cut";
    for (const s of sockets) s.destroy();
  };
  return {
    port,
    cut: hardCut,
    hardCut,
    blackHole() {
      mode = "black-hole";
      for (const s of sockets) s.pause();
    },
    restore() {
      mode = "open";
      for (const s of sockets) if (!held.has(s)) s.resume();
      for (const client of held) wire(client);
      held.clear();
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
