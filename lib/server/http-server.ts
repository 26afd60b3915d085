import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { isDatabaseUnavailable } from "@/lib/health/database-failure";
import type { DatabaseWatch } from "@/lib/health/database-watch";
import { messageFor } from "@/lib/errors/user-messages";
import { CLIENT_IP_HEADER } from "./client-ip-header";
import { exchangeOf, sendAnswer } from "./http-exchange";
import { decideOrigin, isCrossOriginPagePost } from "./public-origins";
import { isAuthorizationServerPath } from "@/lib/oauth/paths";
import { nodeRouteFor, streamRouteFor, type StreamRoute } from "./routes/node-routes";
import type { RouteContext } from "./routes/route-context";
import { answerDatabaseUnavailable, servedDuringOutage } from "./unavailable-response";

/**
 * The listener's limits. `keepAliveTimeoutMs` is how long an idle keep-alive connection stays open: it must outlast
 * the idle timeout of whatever pools connections in front of Gatehouse (a load balancer, a client's agent), or
 * requests are sent on connections Gatehouse is closing and end in a reset. Stopping still closes idle connections
 * at once (start.ts).
 */
export type ListenerLimits = { readBufferBytes: number; writeBufferBytes: number; keepAliveTimeoutMs: number };

/**
 * The HTTP listener in front of Next.js. `next start` cannot change Node's 16 KiB request-head limit, and Entra
 * sign-ins arrive with big Cookie headers, so this server sets `maxHeaderSize` (a bigger head is answered 431 by
 * Node itself) and the sockets' `highWaterMark`. It also stamps the TCP peer address on the request, replacing
 * anything a client sent under that name (see CLIENT_IP_HEADER), and, while the database is known to be down,
 * answers 503 itself (database-watch.ts). The sign-in legs, the session check and the MCP discovery documents are
 * answered here, without Next.js (routes/node-routes.ts), and so is the MCP gateway, which streams (streamRouteFor);
 * everything else is handed to Next.js.
 */
export function createGatehouseServer(
  limits: ListenerLimits,
  handle: (req: IncomingMessage, res: ServerResponse) => Promise<void> | void,
  publicUrls?: { apiPublicUrl: string; mgmtPublicUrl: string },
  database?: DatabaseWatch,
  routes?: RouteContext,
): Server {
  const server = createServer({ maxHeaderSize: limits.readBufferBytes, highWaterMark: limits.writeBufferBytes }, (req, res) => {
    const clientIp = req.socket.remoteAddress ?? "unknown";
    req.headers[CLIENT_IP_HEADER] = clientIp;
    let origin = publicUrls?.apiPublicUrl ?? "http://localhost";
    // Decoded once: host routing, the CSRF rule and the choice of route all judge the same path.
    const path = routingPath(req.url);
    if (publicUrls) {
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
      origin = decision.origin;
      const url = new URL(origin);
      req.headers["x-forwarded-host"] = url.host;
      req.headers["x-forwarded-proto"] = url.protocol.slice(0, -1);
    }
    if (database?.isDown() && !servedDuringOutage(req.url)) return answerDatabaseUnavailable(req, res);
    // A failed request may be the first sign of an outage: look at once rather than at the next probe.
    if (database) res.once("finish", () => res.statusCode >= 500 && database.checkNow());
    // The OAuth authorization server (oidc-provider, a Koa app, and its interaction route) answers its own paths.
    if (routes?.authorizationServer && isAuthorizationServerPath(path ?? "")) return routes.authorizationServer.handle(req, res);
    const stream = routes && streamRouteFor(path ?? "");
    if (stream) return void answerWithStream(stream, routes!, req, res, origin, clientIp, database);
    const route = routes && nodeRouteFor(path ?? "");
    if (route) return void answerWithRoute(route, routes!, req, res, origin, clientIp, database);
    void handle(req, res);
  });
  server.keepAliveTimeout = limits.keepAliveTimeoutMs;
  return server;
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

async function answerWithRoute(
  route: NonNullable<ReturnType<typeof nodeRouteFor>>,
  context: RouteContext,
  req: IncomingMessage,
  res: ServerResponse,
  origin: string,
  clientIp: string,
  database: DatabaseWatch | undefined,
): Promise<void> {
  try {
    sendAnswer(res, await route(context, exchangeOf(req, origin, clientIp)));
  } catch (error) {
    answerRouteFailure(req, res, error, database);
  }
}

/**
 * A route fails unexpectedly when the database goes away mid-request: the watch looks at once, the person gets the
 * contract's 503 rather than a bare 500, and the log says what happened. An answer already under way is cut off.
 */
function answerRouteFailure(req: IncomingMessage, res: ServerResponse, error: unknown, database: DatabaseWatch | undefined): void {
  console.error(`[server] ${req.method} ${routingPath(req.url)} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  if (res.headersSent) return void res.destroy();
  database?.checkNow();
  if (isDatabaseUnavailable(error)) return answerDatabaseUnavailable(req, res);
  res.writeHead(500, { "content-type": "application/json", "cache-control": "no-store" }).end(JSON.stringify({ error: "unexpected", message: messageFor("unexpected") }));
}


/** A streaming route writes its own answer; a failure before it has answered gets the same 503/500 as a route's. */
async function answerWithStream(
  route: StreamRoute,
  context: RouteContext,
  req: IncomingMessage,
  res: ServerResponse,
  origin: string,
  clientIp: string,
  database: DatabaseWatch | undefined,
): Promise<void> {
  try {
    await route(context, req, res, { origin, clientIp });
  } catch (error) {
    answerRouteFailure(req, res, error, database);
  }
}
