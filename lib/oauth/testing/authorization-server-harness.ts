import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { calculatePKCECodeChallenge, generateRandomCodeVerifier } from "oauth4webapi";
import type { Database } from "@/db/client";
import { secretKey } from "@/lib/crypto/secret-box";
import type { DiscoveryFetch } from "@/lib/okta/okta-issuer";
import type { Clock } from "@/lib/time/clock";
import { createAuthorizationServer, type AuthorizationServer } from "../authorization-server";
import type { MetadataFetch } from "../client-metadata-fetch";
import { decideInteraction, type Person } from "../interaction";
import { INTERACTION_ROUTE, isAuthorizationServerPath, mcpResourceOf } from "../paths";

/**
 * A real authorization server on loopback for the tests: Gatehouse's authorization-server dispatch behind a plain
 * Node listener, on the test's database. The issuer is the listener's own origin, so everything the tests follow
 * (metadata, redirects, resume URLs) is real HTTP.
 */
export type RunningAuthorizationServer = { server: AuthorizationServer; origin: string; close(): Promise<void> };

export const TEST_ENCRYPTION_KEY = secretKey(new Uint8Array(32).fill(7));

export async function startAuthorizationServer(
  db: Database,
  clock: Clock,
  options: { origin?: string; fetch?: MetadataFetch; oktaFetch?: DiscoveryFetch; allowLoopbackClientMetadata?: boolean; personOf?: (req: IncomingMessage) => Promise<Person | null> } = {},
): Promise<RunningAuthorizationServer> {
  const mounted: { server?: AuthorizationServer } = {};
  const listener: Server = createServer((req, res) => {
    const path = (req.url ?? "/").split("?")[0]!;
    if (mounted.server && isAuthorizationServerPath(path)) return mounted.server.handle(req, res);
    res.writeHead(404).end();
  });
  // Two instances of one deployment share a public origin; a first instance picks a port, a second reuses its origin.
  await new Promise<void>((resolve) => listener.listen(0, "127.0.0.1", resolve));
  const origin = options.origin ?? `http://127.0.0.1:${(listener.address() as AddressInfo).port}`;
  const server = await createAuthorizationServer({
    apiPublicUrl: origin,
    authSecret: "test-auth-secret-".repeat(3),
    allowLoopbackClientMetadata: options.allowLoopbackClientMetadata ?? false,
    db,
    clock,
    secretKeys: [TEST_ENCRYPTION_KEY],
    fetch: options.fetch,
    oktaFetch: options.oktaFetch,
    personOf: options.personOf,
  });
  mounted.server = server;
  const own = `http://127.0.0.1:${(listener.address() as AddressInfo).port}`;
  return {
    server,
    origin: own,
    close: async () => {
      server.stop();
      listener.closeAllConnections();
      await new Promise<void>((resolve) => listener.close(() => resolve()));
    },
  };
}

/** A public native client registered through Dynamic Client Registration. */
export async function registerNativeClient(origin: string, redirectUri = "http://127.0.0.1:53682/callback"): Promise<{ clientId: string; redirectUri: string }> {
  const response = await fetch(`${origin}/oauth2/register`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ client_name: "Test MCP client", redirect_uris: [redirectUri], token_endpoint_auth_method: "none", grant_types: ["authorization_code", "refresh_token"], response_types: ["code"] }),
  });
  if (response.status !== 201) throw new Error(`registration answered ${response.status}: ${await response.text()}`);
  const body = (await response.json()) as { client_id: string };
  return { clientId: body.client_id, redirectUri };
}

/** Cookies as a browser would keep them for the issuer (paths ignored: every request carries every cookie). */
export class Browser {
  private readonly cookies = new Map<string, string>();
  take(response: Response) {
    for (const line of response.headers.getSetCookie()) {
      const [pair] = line.split(";");
      const eq = pair!.indexOf("=");
      const name = pair!.slice(0, eq).trim();
      const value = pair!.slice(eq + 1).trim();
      if (!value || /max-age=0|expires=thu, 01 jan 1970/i.test(line)) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }
  header() {
    return [...this.cookies].map(([n, v]) => `${n}=${v}`).join("; ");
  }
  async get(url: string) {
    const response = await fetch(url, { redirect: "manual", headers: { cookie: this.header() } });
    this.take(response);
    return response;
  }
  async post(url: string, fields: Record<string, string>) {
    const response = await fetch(url, { method: "POST", redirect: "manual", headers: { cookie: this.header(), "content-type": "application/x-www-form-urlencoded" }, body: new URLSearchParams(fields) });
    this.take(response);
    return response;
  }
}

export type AuthorizationRun = { code: string; iss: string | null; state: string; codeVerifier: string; redirectUri: string; clientId: string };

/**
 * The front channel of an authorization code + PKCE flow, the interaction driven programmatically: authorize,
 * follow to the interaction, decide as `person` on the instance `decideOn`, resume, and read the code.
 */
export async function authorize(
  issuer: string,
  client: { clientId: string; redirectUri: string },
  person: Person,
  options: { decideOn: AuthorizationServer; db: Database; clock: Clock; resumeOrigin?: string; scope?: string; resource?: string; decision?: "allow" | "deny" },
): Promise<AuthorizationRun & { location: URL }> {
  const browser = new Browser();
  const { url, codeVerifier } = await authorizationRequest(issuer, client, options);
  const toInteraction = await browser.get(url);
  const interactionUrl = new URL(toInteraction.headers.get("location") ?? "", issuer);
  const uid = INTERACTION_ROUTE.exec(interactionUrl.pathname)?.[1];
  if (!uid) throw new Error(`authorize answered ${toInteraction.status} ${toInteraction.headers.get("location")}: ${await toInteraction.text()}`);
  const decided = await decideInteraction({ provider: options.decideOn.provider(), db: options.db, clock: options.clock, apiPublicUrl: issuer }, uid, person, options.decision ?? "allow");
  if (!decided.ok) throw new Error(decided.code);
  const resume = new URL(decided.location);
  const resumed = await browser.get(`${options.resumeOrigin ?? resume.origin}${resume.pathname}${resume.search}`);
  const location = new URL(resumed.headers.get("location") ?? "", issuer);
  return {
    code: location.searchParams.get("code") ?? "",
    iss: location.searchParams.get("iss"),
    state: location.searchParams.get("state") ?? "",
    codeVerifier,
    redirectUri: client.redirectUri,
    clientId: client.clientId,
    location,
  };
}

/** An authorization request with a fresh PKCE verifier and state. */
export async function authorizationRequest(issuer: string, client: { clientId: string; redirectUri: string }, options: { scope?: string; resource?: string } = {}) {
  const codeVerifier = generateRandomCodeVerifier();
  const state = crypto.randomUUID();
  const url = new URL(`${issuer}/oauth2/authorize`);
  url.search = new URLSearchParams({
    client_id: client.clientId,
    redirect_uri: client.redirectUri,
    response_type: "code",
    scope: options.scope ?? "mcp",
    state,
    code_challenge: await calculatePKCECodeChallenge(codeVerifier),
    code_challenge_method: "S256",
    resource: options.resource ?? mcpResourceOf(issuer),
  }).toString();
  return { url: url.toString(), codeVerifier, state };
}

export type TokenAnswer = { status: number; body: Record<string, unknown> };

export async function tokenRequest(origin: string, fields: Record<string, string>): Promise<TokenAnswer> {
  const response = await fetch(`${origin}/oauth2/token`, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body: new URLSearchParams(fields) });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

export function redeemCode(origin: string, run: AuthorizationRun, resource: string): Promise<TokenAnswer> {
  return tokenRequest(origin, {
    grant_type: "authorization_code",
    code: run.code,
    redirect_uri: run.redirectUri,
    code_verifier: run.codeVerifier,
    client_id: run.clientId,
    resource,
  });
}

export function refresh(origin: string, clientId: string, refreshToken: string): Promise<TokenAnswer> {
  return tokenRequest(origin, { grant_type: "refresh_token", refresh_token: refreshToken, client_id: clientId });
}

export async function formPost(url: string, fields: Record<string, string>): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(url, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body: new URLSearchParams(fields) });
  const text = await response.text();
  return { status: response.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
}
