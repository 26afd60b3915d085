import { createServer, type Server } from "node:https";
import type { AddressInfo } from "node:net";
import { auth, discoverAuthorizationServerMetadata, refreshAuthorization, type OAuthClientProvider } from "@modelcontextprotocol/sdk/client/auth.js";
import { InvalidGrantError } from "@modelcontextprotocol/sdk/server/auth/errors.js";
import type { OAuthClientInformationMixed, OAuthClientMetadata, OAuthTokens } from "@modelcontextprotocol/sdk/shared/auth.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { withTestDatabase } from "@/db/testing/test-database";
import { createTlsMaterial } from "@/e2e/entra-emulator/certificates";
import { emulatorFetch } from "@/e2e/support/emulator-fetch";
import { frozenClock } from "@/lib/time/clock";
import type { Person } from "./interaction";
import { mcpResourceOf } from "./paths";
import { Browser, startAuthorizationServer, type RunningAuthorizationServer } from "./testing/authorization-server-harness";

/**
 * The MCP TypeScript SDK's own OAuth client (its `auth()` helper: discovery, registration or a metadata-document
 * client id, PKCE, code exchange, refresh) against Gatehouse's authorization server. The `/mcp` gateway is not on
 * this branch, so the client's discovery starts at Gatehouse's issuer (the SDK's cached discovery state) rather
 * than at the gateway's protected-resource metadata; the browser's part (sign-in, consent) is driven over HTTP.
 */
const t = withTestDatabase();
const clock = frozenClock(new Date());
const ada: Person = { userId: "user-ada", tenantId: "tenant-contoso", label: "ada@contoso.example", clientIp: "127.0.0.1" };
const REDIRECT = "http://127.0.0.1:53682/callback";
let as: RunningAuthorizationServer;
let documents: Server;
let documentBase: string;

beforeAll(async () => {
  const tls = await createTlsMaterial(new Date());
  documents = createServer({ cert: tls.certificatePem, key: tls.privateKeyPem }, (_req, res) => {
    res.writeHead(200, { "content-type": "application/json", "cache-control": "max-age=300" }).end(
      JSON.stringify({ client_id: `${documentBase}/mcp-client.json`, client_name: "SDK client by URL", redirect_uris: [REDIRECT], grant_types: ["authorization_code", "refresh_token"], response_types: ["code"], token_endpoint_auth_method: "none" }),
    );
  });
  await new Promise<void>((resolve) => documents.listen(0, "127.0.0.1", resolve));
  documentBase = `https://localhost:${(documents.address() as AddressInfo).port}`;
  as = await startAuthorizationServer(t.db, clock, {
    allowLoopbackClientMetadata: true,
    fetch: (url, init) => emulatorFetch(tls.caPem)(String(url), init),
    personOf: async (req) => (/test-session=ada/.test(req.headers.cookie ?? "") ? ada : null),
  });
});
afterAll(async () => {
  await as?.close();
  await new Promise<void>((resolve) => documents.close(() => resolve()));
});

/** An in-memory OAuthClientProvider, as an MCP client keeps one per server. */
class MemoryClient implements OAuthClientProvider {
  information: OAuthClientInformationMixed | undefined;
  saved: OAuthTokens | undefined;
  verifier = "";
  authorizationUrl: URL | undefined;
  constructor(
    private readonly issuer: string,
    readonly clientMetadataUrl?: string,
  ) {}
  get redirectUrl() {
    return REDIRECT;
  }
  get clientMetadata(): OAuthClientMetadata {
    return { client_name: "SDK client", redirect_uris: [REDIRECT], grant_types: ["authorization_code", "refresh_token"], response_types: ["code"], token_endpoint_auth_method: "none", scope: "mcp" };
  }
  clientInformation() {
    return this.information;
  }
  saveClientInformation(information: OAuthClientInformationMixed) {
    this.information = information;
  }
  tokens() {
    return this.saved;
  }
  saveTokens(tokens: OAuthTokens) {
    this.saved = tokens;
  }
  redirectToAuthorization(url: URL) {
    this.authorizationUrl = url;
  }
  saveCodeVerifier(verifier: string) {
    this.verifier = verifier;
  }
  codeVerifier() {
    return this.verifier;
  }
  discoveryState() {
    return { authorizationServerUrl: this.issuer };
  }
}

/** What the person's browser does between the SDK's redirect and its callback: sign in, Allow, come back. */
async function browserAuthorizes(authorizationUrl: URL): Promise<URL> {
  const browser = new Browser();
  browser.take(new Response(null, { headers: { "set-cookie": "test-session=ada; Path=/" } }));
  const interaction = new URL((await browser.get(authorizationUrl.toString())).headers.get("location")!, as.origin);
  const toConsent = await browser.get(interaction.toString());
  expect(toConsent.headers.get("location")).toMatch(/^\/oauth\/consent\//);
  const allowed = await browser.post(`${interaction}/decide`, { decision: "allow" });
  const callback = await browser.get(allowed.headers.get("location")!);
  return new URL(callback.headers.get("location")!);
}

async function connectsEndToEnd(client: MemoryClient) {
  const serverUrl = mcpResourceOf(as.origin);
  expect(await auth(client, { serverUrl, scope: "mcp" })).toBe("REDIRECT");
  expect(client.authorizationUrl!.searchParams.get("code_challenge_method")).toBe("S256");
  const callback = await browserAuthorizes(client.authorizationUrl!);
  expect(callback.searchParams.get("iss")).toBe(as.origin);
  expect(await auth(client, { serverUrl, authorizationCode: callback.searchParams.get("code")! })).toBe("AUTHORIZED");
  const verified = await as.server.verifyAccessToken(client.saved!.access_token, { resource: serverUrl });
  expect(verified).toMatchObject({ ok: true, principal: { sub: ada.userId, workspace: ada.tenantId, scopes: ["mcp"], clientId: client.information!.client_id } });
  return verified;
}

async function refreshesAndDetectsReuse(client: MemoryClient) {
  const serverUrl = mcpResourceOf(as.origin);
  const spent = client.saved!.refresh_token!;
  // With tokens but no code, auth() refreshes: a new pair, the refresh token rotated.
  expect(await auth(client, { serverUrl })).toBe("AUTHORIZED");
  const rotated = client.saved!.refresh_token!;
  expect(rotated).not.toBe(spent);
  const metadata = await discoverAuthorizationServerMetadata(as.origin);
  await expect(refreshAuthorization(as.origin, { metadata, clientInformation: client.information!, refreshToken: spent })).rejects.toBeInstanceOf(InvalidGrantError);
  await expect(refreshAuthorization(as.origin, { metadata, clientInformation: client.information!, refreshToken: rotated })).rejects.toBeInstanceOf(InvalidGrantError);
}

describe("the MCP TypeScript SDK's OAuth client against Gatehouse", () => {
  it("registers by Dynamic Client Registration, signs the person in with consent, gets tokens, refreshes, and reuse is detected", async () => {
    const client = new MemoryClient(as.origin);
    await connectsEndToEnd(client);
    expect(client.information!.client_id).not.toMatch(/^https:/);
    await refreshesAndDetectsReuse(client);
  });

  it("uses a Client ID Metadata Document when the client has one, with nothing registered", async () => {
    const client = new MemoryClient(as.origin, `${documentBase}/mcp-client.json`);
    const verified = await connectsEndToEnd(client);
    expect(verified.ok && verified.principal.clientId).toBe(`${documentBase}/mcp-client.json`);
    await refreshesAndDetectsReuse(client);
  });
});
