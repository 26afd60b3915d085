import { connect, type Socket } from "node:net";
import type { Server } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseSettings } from "@/lib/config/settings";
import { createGatehouseServer } from "./http-server";

const settings = parseSettings({
  NODE_ENV: "test",
  AUTH_SECRET: "listener-test-auth-secret-0123456789abcdef",
  MGMT_AUTH_SECRET: "listener-test-console-secret-0123456789ab",
  SECRET_ENCRYPTION_KEY: Buffer.alloc(32, 5).toString("base64"),
});
let server: Server;
let port: number;

beforeAll(async () => {
  // Only the listener is under test: anything it hands on is answered 200 by this handler.
  server = createGatehouseServer(
    { readBufferBytes: settings.httpReadBufferBytes, writeBufferBytes: settings.httpWriteBufferBytes, keepAliveTimeoutMs: settings.httpKeepAliveTimeoutMs },
    (_req, res) => void res.writeHead(200, { "content-type": "text/plain", "content-length": "9" }).end("handed on"),
  );
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  port = (server.address() as { port: number }).port;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

/** One raw HTTP/1.1 exchange on `socket`: what came back before the answer's body ended, or the socket's end. */
function exchange(socket: Socket): Promise<string> {
  return new Promise((resolve, reject) => {
    let received = "";
    const onData = (chunk: Buffer) => {
      received += chunk.toString("latin1");
      if (received.endsWith("handed on")) done(received);
    };
    const done = (answer: string) => {
      socket.off("data", onData).off("close", onClose).off("error", reject);
      resolve(answer);
    };
    const onClose = () => done(received || "(closed without an answer)");
    socket.on("data", onData).once("close", onClose).once("error", reject);
    socket.write(`GET /anything HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\n\r\n`);
  });
}

describe("the HTTP listener's keep-alive", () => {
  it("tells clients an idle connection stays open 65 s, longer than a load balancer's 60 s idle timeout", async () => {
    const socket = connect(port, "127.0.0.1");
    const answer = await exchange(socket);
    socket.destroy();
    expect(answer).toMatch(/^HTTP\/1\.1 200 /);
    expect(answer).toMatch(/\r\nKeep-Alive: timeout=65\r\n/i);
  });

  it("still answers on a connection left idle longer than Node's default keep-alive of 5 s", { timeout: 20_000 }, async () => {
    const socket = connect(port, "127.0.0.1");
    expect(await exchange(socket)).toMatch(/^HTTP\/1\.1 200 /);
    await new Promise((resolve) => setTimeout(resolve, 6_500));
    expect(socket.destroyed).toBe(false);
    expect(await exchange(socket)).toMatch(/^HTTP\/1\.1 200 /);
    socket.destroy();
  });
});
