import { createServer, connect, type Socket } from "node:net";

/**
 * A TCP relay to a real server that a test can cut and restore, to play a network failure between Gatehouse and
 * its database: `cut()` drops every open connection and refuses new ones; `restore()` lets them through again.
 * `forward` replaces the client → server leg (to read what clients send); the server → client leg is a pipe.
 * Both legs set TCP_NODELAY, so the relay adds no Nagle delay to the small request/answer messages of a database
 * protocol (with it, a small write can wait for the peer's delayed ACK, about 40 ms on Linux).
 */
export type Forward = (client: Socket, upstream: Socket) => void;

const pipeThrough: Forward = (client, upstream) => void client.pipe(upstream);

export async function startTcpProxy(target: { host: string; port: number }, forward: Forward = pipeThrough) {
  let open = true;
  const sockets = new Set<Socket>();
  const server = createServer((client) => {
    if (!open) return client.destroy();
    const upstream = connect(target.port, target.host);
    for (const s of [client, upstream]) {
      s.setNoDelay(true);
      sockets.add(s);
      s.on("close", () => sockets.delete(s));
      s.on("error", () => {
        client.destroy();
        upstream.destroy();
      });
    }
    forward(client, upstream);
    upstream.pipe(client);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  return {
    port,
    cut() {
      open = false;
      for (const s of sockets) s.destroy();
    },
    restore() {
      open = true;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
