import nextEnv from "@next/env";
import next from "next";
import { getSettings } from "@/lib/config/load-settings";
import { SettingsError, type Settings } from "@/lib/config/settings";
import { publishDatabaseWatch } from "@/lib/health/database-failure";
import { watchDatabase } from "@/lib/health/database-watch";
import { createAuthorizationServer } from "@/lib/oauth/authorization-server";
import { publishAuthorizationServer } from "@/lib/oauth/published-authorization-server";
import { sessionPersonReader } from "@/lib/oauth/session-person";
import { createGatehouseServer } from "./http-server";
import { dnsTxtLookup } from "@/lib/domains/dns-txt-lookup";
import { startDomainRechecks } from "@/lib/domains/domain-recheck-schedule";
import { systemClock } from "@/lib/time/clock";
import { prepareDatabase } from "./prepare-database";
import { createRouteContext } from "./routes/route-context";

/**
 * `npm start` (and `npm run demo`, `npm run dev`): settings, database, Next.js, listener — in that order, and the
 * process stops with one clear message if any of them cannot start.
 */
export async function startGatehouse(options: { dev?: boolean; onListening?: (settings: Settings, url: string) => void } = {}) {
  // .env files are read the way Next.js reads them, but before the settings are parsed, so both agree.
  nextEnv.loadEnvConfig(process.cwd(), options.dev ?? false, { info: () => {}, error: console.error });
  let settings: Settings;
  try {
    settings = getSettings();
  } catch (error) {
    if (error instanceof SettingsError) {
      console.error(error.message);
      process.exit(1);
    }
    throw error;
  }
  // Auth.js would rewrite every request to AUTH_URL's origin, which cannot serve two public origins (broker and
  // console). The server pins X-Forwarded-Host/-Proto to the right public origin instead (see public-origins.ts).
  delete process.env.AUTH_URL;
  delete process.env.NEXTAUTH_URL;

  const database = await prepareDatabase(settings).catch((error: unknown) => {
    console.error(`Gatehouse cannot start: the database is not usable (${error instanceof Error ? error.message : String(error)}).`);
    process.exit(1);
  });

  const app = next({ dev: options.dev ?? false, dir: process.cwd(), hostname: settings.host, port: settings.port });
  await app.prepare();
  const handle = app.getRequestHandler();
  const databaseWatch = watchDatabase(database.db, {
    onChange: (down, reason) =>
      console.error(down ? `Gatehouse cannot reach its database (${reason}); answering 503 until it is back.` : "The database is reachable again."),
  });
  publishDatabaseWatch(databaseWatch);
  const routes = createRouteContext(settings, database.db, databaseWatch, systemClock, {}, database);
  // The OAuth authorization server, built once: its keys come from the database (a first one is made on a fresh
  // install) and are looked at again every minute, so a rotation on any instance is followed here.
  routes.authorizationServer = await createAuthorizationServer({
    apiPublicUrl: settings.apiPublicUrl,
    authSecret: settings.authSecret,
    allowLoopbackClientMetadata: settings.oauthAllowLoopbackClientMetadata,
    db: database.db,
    clock: routes.clock,
    secretKeys: routes.secretKeys,
    personOf: sessionPersonReader({ db: database.db, policy: routes.policy, clock: routes.clock, secureCookies: settings.secureCookies }),
    keyRefreshMs: 60_000,
  });
  publishAuthorizationServer(routes.authorizationServer);
  const server = createGatehouseServer(
    { readBufferBytes: settings.httpReadBufferBytes, writeBufferBytes: settings.httpWriteBufferBytes, keepAliveTimeoutMs: settings.httpKeepAliveTimeoutMs },
    handle,
    { apiPublicUrl: settings.apiPublicUrl, mgmtPublicUrl: settings.mgmtPublicUrl },
    databaseWatch,
    routes,
  );
  await new Promise<void>((resolve) => server.listen(settings.port, settings.host, resolve));
  startDomainRechecks({ db: database.db, lookup: dnsTxtLookup(settings.dnsResolver), clock: systemClock });
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : settings.port;
  const url = `http://${settings.host === "0.0.0.0" || settings.host === "::" ? "localhost" : settings.host}:${port}`;
  (options.onListening ?? ((_, u) => console.log(`Gatehouse is listening on ${u} (public URL ${settings.apiPublicUrl})`)))(settings, url);

  // Stopping (a deployment, a scale-in): the listener closes at once, so a load balancer's next connection goes to
  // another instance; idle keep-alive connections are closed, and every later answer says `Connection: close`, so
  // no request is sent to a connection about to close; running requests finish within the grace period. Only then
  // are the last connections cut, the database pool closed and the process ended.
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    const started = Date.now();
    console.log(`Gatehouse is stopping (${signal}); running requests have ${settings.shutdownGraceMs} ms to finish`);
    server.on("request", (_req, res) => {
      if (!res.headersSent) res.setHeader("connection", "close");
    });
    const drained = new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeIdleConnections();
    // A keep-alive connection that finishes its request while stopping is closed by Node after the answer; one that
    // was idle and is reused in the same instant is closed here at the latest.
    const idleSweep = setInterval(() => server.closeIdleConnections(), 250);
    let graceTimer: NodeJS.Timeout | undefined;
    const graceOver = new Promise<void>((resolve) => (graceTimer = setTimeout(resolve, settings.shutdownGraceMs)));
    void Promise.race([drained, graceOver])
      .then(async () => {
        clearInterval(idleSweep);
        clearTimeout(graceTimer);
        if (Date.now() - started >= settings.shutdownGraceMs) console.error("Gatehouse's grace period is over; closing the requests still running");
        server.closeAllConnections();
        databaseWatch.stop();
        routes.authorizationServer?.stop();
        publishDatabaseWatch(undefined);
        await database.close();
      })
      .finally(() => process.exit(0));
  };
  process.once("SIGTERM", () => stop("SIGTERM"));
  process.once("SIGINT", () => stop("SIGINT"));
  return { server, settings, url };
}
