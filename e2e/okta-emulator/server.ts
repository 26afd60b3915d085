import { timingSafeEqual } from "node:crypto";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { createServer, type Server } from "node:https";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createTlsMaterial } from "../entra-emulator/certificates";
import { readBody } from "../entra-emulator/http";
import { customServerMetadata, orgMetadata } from "./metadata";
import type { OktaConnection, OktaSeed } from "./seed";
import { createOktaSigningKey } from "./signing-key";
import { exchangeForIdJag, issueIdToken, signIdJag, TOKEN_EXCHANGE_GRANT, type ExchangeState, type OktaAnswer } from "./token-exchange";

export type StartOktaEmulatorOptions = {
  seed: OktaSeed;
  /** default 0: a free port */
  port?: number;
  /** The emulator's clock (tests align it with Gatehouse's frozen clock); default the system's. */
  now?: () => Date;
};

export type RunningOktaEmulator = {
  /** The org authorization server's issuer: https://localhost:<port>, no path, no trailing slash. */
  issuer: string;
  /** A custom authorization server's issuer, which Cross App Access cannot use. */
  customIssuer: string;
  caPem: string;
  caCertPath: string;
  /** Manage Connections + Assignments: lets a requesting app obtain ID-JAGs for a resource authorization server. */
  connect(connection: Omit<OktaConnection, "assigned"> & { assigned?: string[] }): void;
  /** The test grant: an ID token for a seeded person, issued to a requesting app (what SSO would have given it). */
  idTokenFor(email: string, clientId: string): Promise<string>;
  /** Hostile tests: an ID-JAG with these claims (and header overrides), signed with the org's real key. */
  mintIdJag(claims: Record<string, unknown>, header?: Record<string, unknown>): Promise<string>;
  /** How many times the keys were served (a validator's cache is observable). */
  readonly keyFetches: number;
  stop(): Promise<void>;
};

const CUSTOM_SERVER_ID = "default";

/**
 * An offline Okta org for Enterprise-Managed Authorization: the org authorization server (discovery, JWKS at
 * `/oauth2/v1/keys`, the token endpoint performing the ID-JAG token exchange) and one custom authorization server
 * (`/oauth2/default`) that refuses the ID-JAG token type as Okta does. HTTPS from a CA made at start.
 */
export async function startOktaEmulator(options: StartOktaEmulatorOptions): Promise<RunningOktaEmulator> {
  const [tls, key] = await Promise.all([createTlsMaterial(new Date()), createOktaSigningKey()]);
  const stateDir = await mkdtemp(join(tmpdir(), "okta-emulator-"));
  const caCertPath = join(stateDir, "ca.pem");
  await writeFile(caCertPath, tls.caPem);
  const connections: OktaConnection[] = [];
  const ready: { state?: ExchangeState } = {};
  let keyFetches = 0;

  const server: Server = createServer({ key: tls.privateKeyPem, cert: tls.certificatePem }, (req, res) => {
    if (!ready.state) return send(res, { status: 503, body: { error: "temporarily_unavailable" } });
    const state = ready.state;
    void answer(req, state)
      .then((out) => send(res, out))
      .catch((error: unknown) => send(res, { status: 500, body: { error: "server_error", error_description: String(error) } }));
  });

  async function answer(req: IncomingMessage, state: ExchangeState): Promise<OktaAnswer> {
    const path = new URL(req.url ?? "/", state.origin).pathname;
    if (req.method === "GET") {
      if (path === "/.well-known/openid-configuration" || path === "/.well-known/oauth-authorization-server") return { status: 200, body: orgMetadata(state.origin) };
      const custom = `/oauth2/${CUSTOM_SERVER_ID}`;
      if (path === `${custom}/.well-known/openid-configuration` || path === `/.well-known/oauth-authorization-server${custom}` || path === `${custom}/.well-known/oauth-authorization-server`)
        return { status: 200, body: customServerMetadata(state.origin, CUSTOM_SERVER_ID) };
      if (path === "/oauth2/v1/keys" || path === `${custom}/v1/keys`) {
        keyFetches += 1;
        return { status: 200, body: { keys: [state.key.publicJwk] } };
      }
      return { status: 404, body: { errorCode: "E0000022", errorSummary: "The endpoint does not support the provided HTTP method" } };
    }
    if (req.method !== "POST" || (path !== "/oauth2/v1/token" && path !== `/oauth2/${CUSTOM_SERVER_ID}/v1/token`))
      return { status: 404, body: { errorCode: "E0000022", errorSummary: "The endpoint does not support the provided HTTP method" } };
    const form = new URLSearchParams(await readBody(req));
    const clientId = authenticatedClient(req, form, options.seed);
    if (!clientId) return { status: 401, body: { error: "invalid_client", error_description: "Client authentication failed." } };
    const grantType = form.get("grant_type");
    if (grantType === "password") {
      const user = options.seed.users.find((u) => u.email === form.get("username") && u.password === form.get("password"));
      if (!user) return { status: 400, body: { error: "invalid_grant", error_description: "The credentials provided were invalid." } };
      return { status: 200, body: { token_type: "Bearer", expires_in: 3600, id_token: await issueIdToken(state, clientId, user), scope: "openid email" } };
    }
    if (grantType !== TOKEN_EXCHANGE_GRANT) return { status: 400, body: { error: "unsupported_grant_type", error_description: "The authorization grant type is not supported by the authorization server." } };
    // Only the org authorization server issues ID-JAGs; a custom one does not know the token type.
    if (path !== "/oauth2/v1/token") return { status: 400, body: { error: "invalid_request", error_description: "The 'requested_token_type' is invalid or not supported." } };
    return exchangeForIdJag(state, clientId, form);
  }

  const port = await new Promise<number>((resolve) => server.listen(options.port ?? 0, "127.0.0.1", () => resolve((server.address() as AddressInfo).port)));
  const issuer = `https://localhost:${port}`;
  const now = options.now ?? (() => new Date());
  ready.state = { origin: issuer, key, users: options.seed.users, connections, now };

  return {
    issuer,
    customIssuer: `${issuer}/oauth2/${CUSTOM_SERVER_ID}`,
    caPem: tls.caPem,
    caCertPath,
    connect(connection) {
      connections.push({ ...connection, assigned: connection.assigned ?? options.seed.users.map((u) => u.id) });
    },
    async idTokenFor(email, clientId) {
      const user = options.seed.users.find((u) => u.email === email);
      if (!user) throw new Error(`no seeded Okta user ${email}`);
      return issueIdToken(ready.state!, clientId, user);
    },
    mintIdJag: (claims, header) => signIdJag(key, claims, header),
    get keyFetches() {
      return keyFetches;
    },
    async stop() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await rm(stateDir, { recursive: true, force: true });
    },
  };
}

/** client_secret_basic or client_secret_post, as Okta accepts both for a requesting app. */
function authenticatedClient(req: IncomingMessage, form: URLSearchParams, seed: OktaSeed): string | undefined {
  let id = form.get("client_id");
  let secret = form.get("client_secret");
  const basic = /^Basic (.+)$/i.exec(req.headers.authorization ?? "");
  if (basic) {
    const decoded = Buffer.from(basic[1]!, "base64").toString("utf8");
    const colon = decoded.indexOf(":");
    id = decodeURIComponent(decoded.slice(0, colon));
    secret = decodeURIComponent(decoded.slice(colon + 1));
  }
  const client = seed.clients.find((c) => c.clientId === id);
  if (!client || !secret) return undefined;
  const a = Buffer.from(secret);
  const b = Buffer.from(client.clientSecret);
  return a.length === b.length && timingSafeEqual(a, b) ? client.clientId : undefined;
}

function send(res: ServerResponse, out: OktaAnswer) {
  res.writeHead(out.status, { "content-type": "application/json", "cache-control": "no-store" }).end(JSON.stringify(out.body));
}
