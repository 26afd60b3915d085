import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { DatabaseWatch } from "@/lib/health/database-watch";
import { dropInvalidCallbackUrls } from "./callback-url-guard";
import { CLIENT_IP_HEADER } from "./client-ip-header";
import { decideOrigin, isCrossOriginPagePost } from "./public-origins";
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
  publicUrls?: { apiPublicUrl: string; mgmtPublicUrl: string },
  database?: DatabaseWatch,
  publicUrl = "http://localhost",
): Server {
  return createServer({ maxHeaderSize: sizes.readBufferBytes, highWaterMark: sizes.writeBufferBytes }, (req, res) => {
    req.headers[CLIENT_IP_HEADER] = req.socket.remoteAddress ?? "unknown";
    if (publicUrls) {
      const path = routingPath(req.url);
      if (path === undefined) {
        res.writeHead(400, { "content-type": "text/plain; charset=utf-8" }).end("Bad request target");
        return;
      }
      const decision = decideOrigin(publicUrls, req.headers.host, path);
      if (decision.kind === "not_found") {
        res.writeHead(404, { "content-type": "text/plain; charset=utf-8" }).end("Not found");
        return;
      }
      if (decision.kind === "redirect") {
        res.writeHead(302, { location: decision.location }).end();
        return;
      }
      if (isCrossOriginPagePost(req.method, path, req.headers.origin, decision.origin)) {
        res.writeHead(403, { "content-type": "text/plain; charset=utf-8" }).end("This request did not come from Gatehouse's own pages.");
        return;
      }
      const origin = new URL(decision.origin);
      req.headers["x-forwarded-host"] = origin.host;
      req.headers["x-forwarded-proto"] = origin.protocol.slice(0, -1);
    }
    dropInvalidCallbackUrls(req, publicUrl);
    if (database?.isDown() && !servedDuringOutage(req.url)) return answerDatabaseUnavailable(req, res);
    // A failed request may be the first sign of an outage: look at once rather than at the next probe.
    if (database) res.once("finish", () => res.statusCode >= 500 && database.checkNow());
    void handle(req, res);
  });
}

/**
 * The path a request will reach once Next.js has resolved it — dot segments removed, percent-escapes decoded,
 * repeated slashes collapsed — so host routing judges what will be served, not how it was spelled. Undefined for
 * a target that is not a path (absolute-form, `*`) or does not decode.
 */
export function routingPath(target: string | undefined): string | undefined {
  if (!target?.startsWith("/")) return undefined;
  try {
    const { pathname } = new URL(`http://gatehouse.invalid${target}`);
    return decodeURIComponent(pathname).replace(/\/{2,}/g, "/");
  } catch {
    return undefined;
  }
}
