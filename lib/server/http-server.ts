import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { DatabaseWatch } from "@/lib/health/database-watch";
import { dropInvalidCallbackUrls } from "./callback-url-guard";
import { CLIENT_IP_HEADER } from "./client-ip-header";
import { answerDatabaseUnavailable, servedDuringOutage } from "./unavailable-response";

export type BufferSizes = { readBufferBytes: number; writeBufferBytes: number };

/**
 * The HTTP listener in front of Next.js. `next start` cannot change Node's 16 KiB request-head limit, and Entra
 * sign-ins arrive with big Cookie headers, so this server sets `maxHeaderSize` (a bigger head is answered 431 by
 * Node itself) and the sockets' `highWaterMark`. It also stamps the TCP peer address on the request, replacing
 * anything a client sent under that name (see CLIENT_IP_HEADER), drops return addresses Auth.js would choke on
 * (callback-url-guard.ts), and, while the database is known to be down, answers 503 itself (database-watch.ts).
 */
export function createGatehouseServer(
  sizes: BufferSizes,
  handle: (req: IncomingMessage, res: ServerResponse) => Promise<void> | void,
  database?: DatabaseWatch,
  publicUrl = "http://localhost",
): Server {
  return createServer({ maxHeaderSize: sizes.readBufferBytes, highWaterMark: sizes.writeBufferBytes }, (req, res) => {
    req.headers[CLIENT_IP_HEADER] = req.socket.remoteAddress ?? "unknown";
    dropInvalidCallbackUrls(req, publicUrl);
    if (database?.isDown() && !servedDuringOutage(req.url)) return answerDatabaseUnavailable(req, res);
    // A failed request may be the first sign of an outage: look at once rather than at the next probe.
    if (database) res.once("finish", () => res.statusCode >= 500 && database.checkNow());
    void handle(req, res);
  });
}
