import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { createServer as createHttpServer, type IncomingMessage, type Server as HttpServer, type ServerResponse } from "node:http";
import { createServer } from "node:https";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { connectEntraEmulatorAdmin, type EntraEmulatorAdmin } from "./admin-client";
import { createTlsMaterial } from "./certificates";
import { Clock } from "./clock";
import { Directory } from "./directory";
import { GrantStore } from "./grant-store";
import { GraphModes } from "./graph-mode";
import { HostileModes } from "./hostile-modes";
import { jsonResponse, readBody, textResponse, writeResponse, type EmulatorRequest } from "./http";
import { newGuid } from "./ids";
import { RequestLog } from "./request-log";
import { isBrowserFacing, route } from "./routes";
import type { EntraSeed } from "./seed";
import { SigningKeyRing } from "./signing-keys";
import type { EmulatorState } from "./state";
import { GUID_PATTERN } from "./well-known-ids";

export type StartEntraEmulatorOptions = {
  seed: EntraSeed;
  /** default: ENTRA_EMULATOR_PORT env or 0 = free port */
  port?: number;
  /** default 127.0.0.1 */
  host?: string;
  /** where ca.pem goes; default a temp dir (removed at stop) */
  stateDir?: string;
  /** added to the redirect URIs of every multi-tenant app (a broker on another port) */
  extraRedirectUris?: string[];
  /**
   * Off by default. When set, the emulator also listens on plain http on 127.0.0.1 (on `port`, default a free
   * one) for the endpoints a browser opens: authorize, the account picker's form post and sign-out. Discovery then
   * advertises that http `authorization_endpoint` (and `end_session_endpoint`), so a browser never meets the
   * emulator's self-made certificate; issuers, token, keys, userinfo and discovery itself stay https only.
   */
  browserHttp?: boolean | { port?: number };
};

export type RunningEntraEmulator = {
  /** https://localhost:<port>, no trailing slash */
  url: string;
  port: number;
  /** http://localhost:<port> of the browser-facing listener, when `browserHttp` is set */
  browserUrl?: string;
  caCertPath: string;
  caPem: string;
  stop(): Promise<void>;
  admin: EntraEmulatorAdmin;
};

/**
 * Starts the emulator: a fresh CA and localhost certificate, one RSA signing key, the seeded directory, and an
 * HTTPS server. The URL says `localhost` because that is the name the certificate and every issuer carry.
 */
export async function startEntraEmulator(options: StartEntraEmulatorOptions): Promise<RunningEntraEmulator> {
  const clock = new Clock();
  const directory = new Directory(options.seed, { extraRedirectUris: options.extraRedirectUris });
  const [tls, signingKeys] = await Promise.all([createTlsMaterial(clock.now()), SigningKeyRing.create(clock.now())]);

  const stateDir = options.stateDir ?? (await mkdtemp(join(tmpdir(), "entra-emulator-")));
  await mkdir(stateDir, { recursive: true });
  const caCertPath = join(stateDir, "ca.pem");
  await writeFile(caCertPath, tls.caPem);

  // The origin (and so the state) is known only once the port is; nothing is served before that.
  const ready: { state?: EmulatorState } = {};
  const server = createServer({ key: tls.privateKeyPem, cert: tls.certificatePem }, (req, res) => {
    if (!ready.state) return writeResponse(res, textResponse(503, "Starting"), {});
    void serve(req, res, ready.state);
  });
  const port = await listen(server, options.port ?? portFromEnvironment(), options.host ?? "127.0.0.1");
  const url = `https://localhost:${port}`;

  // Plain http, on loopback only, and only for what a browser opens; anything else is refused there.
  let browserServer: HttpServer | undefined;
  let browserUrl: string | undefined;
  if (options.browserHttp) {
    browserServer = createHttpServer((req, res) => {
      if (!ready.state) return writeResponse(res, textResponse(503, "Starting"), {});
      void serve(req, res, ready.state, browserUrl!);
    });
    const wanted = typeof options.browserHttp === "object" ? (options.browserHttp.port ?? 0) : 0;
    browserUrl = `http://localhost:${await listen(browserServer, wanted, "127.0.0.1")}`;
  }
  ready.state = {
    origin: url,
    browserOrigin: browserUrl ?? url,
    directory,
    signingKeys,
    grants: new GrantStore(),
    clock,
    requests: new RequestLog(),
    hostile: new HostileModes(),
    graph: new GraphModes(),
  };

  return {
    url,
    port,
    ...(browserUrl ? { browserUrl } : {}),
    caCertPath,
    caPem: tls.caPem,
    admin: connectEntraEmulatorAdmin(url, tls.caPem),
    async stop() {
      for (const listening of [server, browserServer]) {
        if (!listening) continue;
        listening.closeAllConnections();
        await new Promise<void>((resolve) => listening.close(() => resolve()));
      }
      if (!options.stateDir) await rm(stateDir, { recursive: true, force: true });
    },
  };
}

function portFromEnvironment(): number {
  const raw = process.env.ENTRA_EMULATOR_PORT?.trim();
  if (!raw) return 0;
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`ENTRA_EMULATOR_PORT must be a port number, not ${raw}`);
  return port;
}

function listen(server: HttpServer, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      server.off("error", reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

/**
 * One request: trace ids, parse, route, log, and the headers Entra puts on every answer. `listenerOrigin` is the
 * origin the request arrived on: the https one, or the browser-facing http one, which serves browser pages only.
 */
async function serve(req: IncomingMessage, res: ServerResponse, state: EmulatorState, listenerOrigin = state.origin): Promise<void> {
  const plainHttp = listenerOrigin !== state.origin;
  const traceId = newGuid();
  // Entra adopts the client's `client-request-id` as the correlation id and echoes it.
  const clientRequestId = req.headers["client-request-id"];
  const echoed = typeof clientRequestId === "string" && GUID_PATTERN.test(clientRequestId) ? clientRequestId : undefined;
  const baseHeaders: Record<string, string> = {
    // HSTS is for the https origin only (browsers would ignore it over http anyway).
    ...(plainHttp ? {} : { "Strict-Transport-Security": "max-age=31536000; includeSubDomains" }),
    "X-Content-Type-Options": "nosniff",
    "x-ms-request-id": traceId,
    "x-ms-ests-server": "2.1.0 - Gatehouse emulator",
    ...(echoed ? { "client-request-id": echoed } : {}),
  };
  try {
    const url = new URL(req.url ?? "/", listenerOrigin);
    const request: EmulatorRequest = {
      method: req.method ?? "GET",
      url,
      segments: url.pathname.split("/").filter(Boolean).map(safeDecode),
      headers: req.headers,
      body: await readBody(req),
      trace: { traceId, correlationId: echoed ?? newGuid(), at: state.clock.now() },
    };
    if (plainHttp && !isBrowserFacing(request)) {
      const httpsUrl = `${state.origin}${url.pathname}`;
      return writeResponse(res, jsonResponse(404, { error: "not_found", message: `Over plain http the emulator serves only the pages a browser opens; use ${httpsUrl}` }), baseHeaders);
    }
    const { kind, response } = await route(request, state);
    if (kind !== "admin") {
      const grantType = kind === "token" ? new URLSearchParams(request.body).get("grant_type") ?? undefined : undefined;
      state.requests.record({ kind, method: request.method, path: url.pathname, status: response.status, at: request.trace.at.toISOString(), grantType });
    }
    writeResponse(res, response, baseHeaders);
  } catch (e) {
    console.error("entra-emulator: request failed", e);
    if (!res.headersSent) writeResponse(res, textResponse(500, "The emulator failed on this request; see its output."), baseHeaders);
  }
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
