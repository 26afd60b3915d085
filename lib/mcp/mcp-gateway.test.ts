import { createHash } from "node:crypto";
import type { Server } from "node:http";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { and, eq } from "drizzle-orm";
import { decodeJwt, decodeProtectedHeader } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditEvents, tenantMemberships } from "@/db/schema";
import { withTestDatabase } from "@/db/testing/test-database";
import { signInThroughAccountPicker, startEntraEmulator, type RunningEntraEmulator } from "@/e2e/entra-emulator";
import { API_V2, CONTOSO, contractSeed, PLATFORM_APP, REDIRECT_URI, SECRET, users } from "@/e2e/entra-emulator/test-fixture";
import { startDemoMcpServer, type DemoMcpServer } from "@/e2e/mcp-demo-server/server";
import { entraAccessToken } from "@/e2e/support/entra-access-token";
import { emulatorFetch } from "@/e2e/support/emulator-fetch";
import { freePort } from "@/e2e/support/spawn-server";
import { apiKeyHasher } from "@/lib/api-keys/api-key-secret";
import { createApiKey } from "@/lib/api-keys/personal-api-keys";
import { parseSettings } from "@/lib/config/settings";
import { messageFor } from "@/lib/errors/user-messages";
import { createRouteContext, type RouteContext } from "@/lib/server/routes/route-context";
import { createIssuerViews } from "@/lib/signin/issuer-view";
import { createPasswordUser, createTenant } from "@/lib/testing/fixtures";
import { systemClock } from "@/lib/time/clock";
import { saveMcpAccessConfig } from "./access-config";
import { createMcpGateway, MCP_MAX_BODY_BYTES } from "./create-mcp-gateway";
import type { McpGateway } from "./gateway";
import { addProvisionedUser } from "./provisioned-users";
import { createRefusalThrottle } from "./refusal-throttle";
import { listenWithoutNextJs } from "@/lib/server/routes/testing/gatehouse-listener";

/**
 * The MCP gateway end to end: the real MCP TypeScript SDK client (`Client` + `StreamableHTTPClientTransport`) with
 * a token the Entra emulator issued, through Gatehouse's own Node server (the production listener and routing,
 * with the MCP routes served before Next.js), to the demo MCP server built with the SDK, which trusts only
 * Gatehouse's identity assertion.
 */
const t = withTestDatabase();
let entra: RunningEntraEmulator;
let demo: DemoMcpServer;
let server: Server;
let gatehouse = "";
let context: RouteContext;
let gateway: McpGateway;
let token = "";
let contosoId = "";
const SECRET_ENCRYPTION_KEY = Buffer.alloc(32, 5);

const tokenFor = (scope: string, oid = users.verified.oid) =>
  entraAccessToken({ emulator: entra, tenant: CONTOSO, oid, scope, client: { id: PLATFORM_APP, secret: SECRET, redirectUri: REDIRECT_URI } });

async function connect(path: string, bearer: string | undefined) {
  const client = new Client({ name: "gateway-test", version: "1.0.0" });
  const transport = new StreamableHTTPClientTransport(new URL(`${gatehouse}${path}`), {
    requestInit: { headers: bearer ? { authorization: `Bearer ${bearer}` } : {} },
  });
  await client.connect(transport);
  return { client, transport };
}

async function fetchOnBehalfOf(assertion: string, middleTier: string): Promise<string> {
  const form = new URLSearchParams({
    grant_type: "urn:ietf:params:oauth:grant-type:jwt-bearer",
    client_id: middleTier,
    client_secret: SECRET,
    assertion,
    scope: `api://${API_V2}/.default`,
    requested_token_use: "on_behalf_of",
  });
  const answer = await emulatorFetch(entra.caPem)(`${entra.url}/${CONTOSO}/oauth2/v2.0/token`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: form.toString(),
  });
  if (answer.status !== 200) throw new Error(`OBO failed: ${await answer.text()}`);
  return ((await answer.json()) as { access_token: string }).access_token;
}

beforeAll(async () => {
  entra = await startEntraEmulator({ seed: contractSeed(), port: 0 });
  demo = await startDemoMcpServer({ gatehouseUrl: () => gatehouse });
  const port = await freePort();
  gatehouse = `http://localhost:${port}`;
  const settings = parseSettings({
    NODE_ENV: "test",
    API_PUBLIC_URL: gatehouse,
    MS_AUTHORITY_HOST: entra.url,
    AUTH_SECRET: "gateway-test-auth-secret-0123456789abcdef",
    MGMT_AUTH_SECRET: "gateway-test-console-secret-0123456789ab",
    SECRET_ENCRYPTION_KEY: SECRET_ENCRYPTION_KEY.toString("base64"),
    MCP_UPSTREAM_URL: demo.url,
  });
  const fetch = emulatorFetch(entra.caPem);
  gateway = createMcpGateway(settings, t.db, createIssuerViews({ fetch }), fetch, systemClock);
  context = { ...createRouteContext(settings, t.db), mcp: gateway };
  server = await listenWithoutNextJs(settings, context, port);
  const contoso = await createTenant(t.db, "contoso");
  contosoId = contoso.id;
  await saveMcpAccessConfig(t.db, { tenantId: contoso.id, entraTenantId: CONTOSO, audience: API_V2, requiredScope: "mcp.access", acceptV1Tokens: false }, null, new Date());
  await addProvisionedUser(t.db, { tenantId: contoso.id, workspaceKey: "contoso", entraTenantId: CONTOSO }, { oid: users.verified.oid, email: "megan@contoso.example" }, null, new Date());
  token = await tokenFor(`api://${API_V2}/mcp.access`);
});
afterAll(async () => {
  server?.closeAllConnections();
  await new Promise((resolve) => server?.close(resolve));
  await demo?.stop();
  await entra?.stop();
});

describe("the MCP gateway, with the real MCP client", () => {
  it("connects on the workspace's MCP URL with an Entra token, lists the tools and calls whoami as the provisioned person", async () => {
    const { client } = await connect("/t/contoso/mcp", token);
    try {
      expect((await client.listTools()).tools.map((tool) => tool.name).sort()).toEqual(["count", "time_in", "whoami"]);
      const whoami = await client.callTool({ name: "whoami", arguments: {} });
      expect(whoami.structuredContent).toMatchObject({ principal: "user", oid: users.verified.oid, email: "megan@contoso.example", workspace: "contoso", scope: "mcp.access", tid: CONTOSO });
    } finally {
      await client.close();
    }
  });

  it("connects with a token a middle tier obtained On-Behalf-Of the person, as the seed's gateway app does", async () => {
    const middleTier = "e7a1c2d3-4b5f-4a6e-8c7d-9e0f1a2b3c4d";
    await entra.admin.addApp(CONTOSO, { clientId: middleTier, displayName: "MCP gateway app", secrets: [{ value: SECRET }], redirectUris: [], accessTokenAcceptedVersion: 2 });
    await entra.admin.updateApp(CONTOSO, API_V2, { authorizedClientApplications: [{ clientId: middleTier, scopes: ["mcp.access"] }] });
    const incoming = await entraAccessToken({ emulator: entra, tenant: CONTOSO, oid: users.verified.oid, scope: `api://${middleTier}/Mcp.Gateway.Access`, client: { id: PLATFORM_APP, secret: SECRET, redirectUri: REDIRECT_URI } });
    const obo = await fetchOnBehalfOf(incoming, middleTier);
    expect(decodeJwt(obo)).toMatchObject({ aud: API_V2, azp: middleTier, scp: "mcp.access" });
    const { client } = await connect("/t/contoso/mcp", obo);
    try {
      expect((await client.callTool({ name: "whoami", arguments: {} })).structuredContent).toMatchObject({ email: "megan@contoso.example", oid: users.verified.oid });
    } finally {
      await client.close();
    }
  });

  it("connects on the shared /mcp, finding the workspace by the token's directory and audience", async () => {
    const { client } = await connect("/mcp", token);
    try {
      const whoami = await client.callTool({ name: "whoami", arguments: {} });
      expect(whoami.structuredContent).toMatchObject({ workspace: "contoso", email: "megan@contoso.example" });
    } finally {
      await client.close();
    }
  });

  it("never passes the client's token upstream: the upstream gets a 60-second ES256 assertion for its own URL", async () => {
    const { client } = await connect("/t/contoso/mcp", token);
    await client.close();
    const seen = demo.received.at(-1)!;
    expect(seen.authorization).not.toContain(token);
    const assertion = seen.authorization!.replace(/^Bearer /, "");
    const claims = decodeJwt(assertion);
    expect(decodeProtectedHeader(assertion).alg).toBe("ES256");
    expect(claims).toMatchObject({ iss: gatehouse, aud: demo.url, oid: users.verified.oid, workspace: "contoso" });
    expect(claims.exp! - claims.iat!).toBeLessThanOrEqual(60);
    const keys = (await (await fetch(`${gatehouse}/.well-known/mcp-assertion-keys.json`)).json()) as { keys: { kid: string }[] };
    expect(keys.keys.map((k) => k.kid)).toContain(decodeProtectedHeader(assertion).kid);
  });

  it("delivers a tool's progress notifications through the gateway before the upstream finishes its stream", async () => {
    const { client } = await connect("/t/contoso/mcp", token);
    try {
      const progressAt: number[] = [];
      const started = Date.now();
      const result = await client.callTool({ name: "count", arguments: { to: 4, interval_ms: 300 } }, undefined, { onprogress: () => void progressAt.push(Date.now()) });
      const finishedAt = Date.now();
      expect(result.content).toEqual([{ type: "text", text: "Counted to 4." }]);
      expect(progressAt).toHaveLength(4);
      // The first notification was received at least two intervals before the answer: nothing held the stream back.
      expect(finishedAt - progressAt[0]!).toBeGreaterThanOrEqual(600);
      expect(progressAt[0]! - started).toBeLessThan(1500);
    } finally {
      await client.close();
    }
  });

  it("passes a session's GET stream and DELETE through with the Mcp-Session-Id and MCP-Protocol-Version", async () => {
    const headers = { authorization: `Bearer ${token}`, "content-type": "application/json", accept: "application/json, text/event-stream" };
    const initialize = await fetch(`${gatehouse}/t/contoso/mcp`, {
      method: "POST",
      headers,
      body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "initialize", params: { protocolVersion: "2025-11-25", capabilities: {}, clientInfo: { name: "raw", version: "1" } } }),
    });
    expect(initialize.status).toBe(200);
    await initialize.text();
    const sessionId = initialize.headers.get("mcp-session-id")!;
    expect(sessionId).toBeTruthy();
    const session = { authorization: `Bearer ${token}`, "mcp-session-id": sessionId, "mcp-protocol-version": "2025-11-25" };
    const initialized = await fetch(`${gatehouse}/t/contoso/mcp`, { method: "POST", headers: { ...headers, ...session }, body: JSON.stringify({ jsonrpc: "2.0", method: "notifications/initialized" }) });
    expect(initialized.status).toBe(202);

    const controller = new AbortController();
    const stream = await fetch(`${gatehouse}/t/contoso/mcp`, { headers: { ...session, accept: "text/event-stream" }, signal: controller.signal });
    expect(stream.status).toBe(200);
    expect(stream.headers.get("content-type")).toContain("text/event-stream");
    controller.abort();

    expect((await fetch(`${gatehouse}/t/contoso/mcp`, { method: "DELETE", headers: session })).status).toBe(200);
    const after = await fetch(`${gatehouse}/t/contoso/mcp`, { method: "POST", headers: { ...headers, ...session }, body: JSON.stringify({ jsonrpc: "2.0", id: 2, method: "tools/list" }) });
    expect(after.status).toBe(404);
  });
});

describe("the MCP gateway with a personal API key", () => {
  const refusalOf = async (response: Response) => {
    const reference = response.headers.get("x-gatehouse-reference")!;
    const [event] = await t.db.select().from(auditEvents).where(and(eq(auditEvents.reference, reference), eq(auditEvents.kind, "mcp.request_refused")));
    return event!;
  };
  const post = (path: string, key: string) =>
    fetch(`${gatehouse}${path}`, { method: "POST", headers: { authorization: `Bearer ${key}`, "content-type": "application/json" }, body: "{}" });

  it("connects with the real MCP client on /t/contoso/mcp and /mcp and calls whoami as the key's owner in the key's workspace; removing the owner from the workspace refuses the key's next request 401, audited", async () => {
    const person = await createPasswordUser(t.db, { login: "nestor@contoso.example", password: "irrelevant to this test", tenantId: contosoId });
    const created = await createApiKey(t.db, apiKeyHasher(SECRET_ENCRYPTION_KEY), { userId: person.id, tenantId: contosoId, clientIp: null }, { name: "CI", expiresInDays: "30", scopes: ["mcp"] }, systemClock);
    if (!created.ok) throw new Error(created.code);
    for (const path of ["/t/contoso/mcp", "/mcp"]) {
      const { client } = await connect(path, created.key);
      try {
        expect((await client.callTool({ name: "whoami", arguments: {} })).structuredContent).toMatchObject({
          principal: "user",
          subject: person.id,
          email: "nestor@contoso.example",
          workspace: "contoso",
          scope: "mcp",
          credential: "personal_api_key",
        });
      } finally {
        await client.close();
      }
    }
    expect(demo.received.at(-1)!.authorization).not.toContain(created.key);

    await t.db.delete(tenantMemberships).where(and(eq(tenantMemberships.userId, person.id), eq(tenantMemberships.tenantId, contosoId)));
    const refused = await post("/mcp", created.key);
    expect(refused.status).toBe(401);
    expect(refused.headers.get("www-authenticate")).toContain('error="invalid_token"');
    expect(((await refused.json()) as { error: { message: string } }).error.message).toBe(messageFor("mcp_api_key_owner_removed"));
    const event = await refusalOf(refused);
    expect(event.detail).toMatchObject({ reason: "api_key_owner_not_member", keyId: created.view.prefix.slice(4) });
    expect(event.tenantId).toBe(contosoId);
    expect(JSON.stringify(event)).not.toContain(created.key.slice(17));
    await expect(connect("/t/contoso/mcp", created.key)).rejects.toThrow();
  });

  it("answers a key that was never issued 401 invalid_token, without reading it as a JWT", async () => {
    const refused = await post("/t/contoso/mcp", `ghk_0123456789ab_${"A".repeat(43)}`);
    expect(refused.status).toBe(401);
    expect((await refusalOf(refused)).detail).toMatchObject({ reason: "api_key_unknown", keyId: "0123456789ab" });
  });
});

describe("the MCP gateway's refusals", () => {
  it("answers a request without a token 401 with the resource metadata URL and the scope to request, and the client cannot connect", async () => {
    const response = await fetch(`${gatehouse}/t/contoso/mcp`, { method: "POST", headers: { "content-type": "application/json" }, body: "{}" });
    expect(response.status).toBe(401);
    expect(response.headers.get("www-authenticate")).toBe(
      `Bearer resource_metadata="${gatehouse}/.well-known/oauth-protected-resource/t/contoso/mcp", scope="api://${API_V2}/mcp.access"`,
    );
    expect(((await response.json()) as { error: { message: string } }).error.message).toBe(messageFor("mcp_token_required"));
    await expect(connect("/t/contoso/mcp", undefined)).rejects.toThrow();
  });

  it("serves the workspace's protected-resource metadata with resource identical to the MCP URL", async () => {
    const response = await fetch(`${gatehouse}/.well-known/oauth-protected-resource/t/contoso/mcp`);
    expect(await response.json()).toEqual({
      resource: `${gatehouse}/t/contoso/mcp`,
      authorization_servers: [`${gatehouse}/t/contoso`],
      scopes_supported: [`api://${API_V2}/mcp.access`],
      bearer_methods_supported: ["header"],
      resource_name: "contoso (MCP)",
    });
  });

  it("answers a token without the required scope 403 insufficient_scope, and audits the refusal without the token", async () => {
    const unscoped = await tokenFor(`api://${API_V2}/files.read`);
    const response = await fetch(`${gatehouse}/t/contoso/mcp`, { method: "POST", headers: { authorization: `Bearer ${unscoped}`, "content-type": "application/json" }, body: "{}" });
    expect(response.status).toBe(403);
    expect(response.headers.get("www-authenticate")).toContain('error="insufficient_scope"');
    const reference = response.headers.get("x-gatehouse-reference")!;
    const [event] = await t.db.select().from(auditEvents).where(and(eq(auditEvents.reference, reference), eq(auditEvents.kind, "mcp.request_refused")));
    expect(event!.detail).toMatchObject({ reason: "scope_missing", tid: CONTOSO, oid: users.verified.oid, aud: API_V2 });
    expect(JSON.stringify(event)).not.toContain(unscoped.split(".")[2]);
  });

  it("answers a valid token 404 on a workspace URL that does not exist or has no MCP access, and 401 on another workspace's URL", async () => {
    const valid = await tokenFor(`api://${API_V2}/mcp.access`);
    const post = (path: string) => fetch(`${gatehouse}${path}`, { method: "POST", headers: { authorization: `Bearer ${valid}`, "content-type": "application/json" }, body: "{}" });
    const unknown = await post("/t/no-such-workspace/mcp");
    expect(unknown.status).toBe(404);
    expect(((await unknown.json()) as { error: { message: string } }).error.message).toBe(messageFor("mcp_workspace_not_found"));
    await createTenant(t.db, "northwind");
    const unconfigured = await post("/t/northwind/mcp");
    expect(unconfigured.status).toBe(404);
    expect(((await unconfigured.json()) as { error: { message: string } }).error.message).toBe(messageFor("mcp_access_not_configured"));
    const fabrikam = await createTenant(t.db, "fabrikam-mcp");
    await saveMcpAccessConfig(t.db, { tenantId: fabrikam.id, entraTenantId: CONTOSO, audience: "0b7f6a4e-1c2d-4e3f-9a8b-7c6d5e4f3a2b", requiredScope: "mcp.access", acceptV1Tokens: false }, null, new Date());
    const elsewhere = await post("/t/fabrikam-mcp/mcp");
    expect([elsewhere.status, elsewhere.headers.get("www-authenticate")]).toEqual([401, expect.stringContaining('error="invalid_token"')]);
  });

  it("names the workspace's scope in a 403 on the shared /mcp, once the token has named the workspace", async () => {
    const unscoped = await tokenFor(`api://${API_V2}/files.read`);
    const response = await fetch(`${gatehouse}/mcp`, { method: "POST", headers: { authorization: `Bearer ${unscoped}`, "content-type": "application/json" }, body: "{}" });
    expect(response.status).toBe(403);
    expect(response.headers.get("www-authenticate")).toContain(`scope="api://${API_V2}/mcp.access", error="insufficient_scope"`);
  });

  it("answers 429 without verifying anything once an address has used up its refusals", async () => {
    const throttle = gateway.throttle;
    gateway.throttle = createRefusalThrottle(systemClock, { perMinute: 2 });
    try {
      const refused = () => fetch(`${gatehouse}/t/contoso/mcp`, { method: "POST", headers: { authorization: "Bearer not.a.token", "content-type": "application/json" }, body: "{}" });
      expect((await refused()).status).toBe(401);
      expect((await refused()).status).toBe(401);
      const throttled = await fetch(`${gatehouse}/t/contoso/mcp`, { method: "POST", headers: { authorization: `Bearer ${token}`, "content-type": "application/json" }, body: "{}" });
      expect(throttled.status).toBe(429);
      expect(throttled.headers.get("retry-after")).toBe("60");
    } finally {
      gateway.throttle = throttle;
    }
  });

  it("answers a token of a person who is not provisioned 401 invalid_token", async () => {
    const stranger = await tokenFor(`api://${API_V2}/mcp.access`, users.unverified.oid);
    const response = await fetch(`${gatehouse}/t/contoso/mcp`, { method: "POST", headers: { authorization: `Bearer ${stranger}`, "content-type": "application/json" }, body: "{}" });
    expect(response.status).toBe(401);
    expect(response.headers.get("www-authenticate")).toContain('error="invalid_token"');
  });

  it("answers a token in the query string 400, and a body over the limit 413, before anything reaches the upstream", async () => {
    const before = demo.received.length;
    const inQuery = await fetch(`${gatehouse}/t/contoso/mcp?access_token=${token}`, { method: "POST", headers: { "content-type": "application/json" }, body: "{}" });
    expect(inQuery.status).toBe(400);
    const large = await fetch(`${gatehouse}/t/contoso/mcp`, {
      method: "POST",
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
      body: "x".repeat(MCP_MAX_BODY_BYTES + 1),
    });
    expect(large.status).toBe(413);
    expect(demo.received.length).toBe(before);
  });

  it("answers 502 with a JSON-RPC error when the upstream cannot be reached", async () => {
    const configured = gateway.upstreamUrl;
    gateway.upstreamUrl = new URL(`http://127.0.0.1:${await freePort()}/mcp`);
    try {
      const response = await fetch(`${gatehouse}/mcp`, { method: "POST", headers: { authorization: `Bearer ${token}`, "content-type": "application/json" }, body: "{}" });
      expect(response.status).toBe(502);
      expect(await response.json()).toMatchObject({ jsonrpc: "2.0", error: { message: messageFor("mcp_upstream_failed") }, id: null });
    } finally {
      gateway.upstreamUrl = configured;
    }
  });

  it("answers 503 \"No MCP server is configured\" without MCP_UPSTREAM_URL", async () => {
    const configured = gateway.upstreamUrl;
    gateway.upstreamUrl = undefined;
    try {
      const response = await fetch(`${gatehouse}/mcp`, { method: "POST", headers: { "content-type": "application/json" }, body: "{}" });
      expect(response.status).toBe(503);
      expect(((await response.json()) as { error: { message: string } }).error.message).toBe("No MCP server is configured");
    } finally {
      gateway.upstreamUrl = configured;
    }
  });
});

describe("the discovery chain an MCP client follows", () => {
  it("goes 401 → protected-resource metadata → the workspace's authorization-server metadata → a 302 to Entra → a code → a token the gateway accepts", async () => {
    const mcp = `${gatehouse}/t/contoso/mcp`;
    const challenge = (await fetch(mcp, { method: "POST", headers: { "content-type": "application/json" }, body: "{}" })).headers.get("www-authenticate")!;
    const prmUrl = /resource_metadata="([^"]+)"/.exec(challenge)![1]!;
    const scope = /scope="([^"]+)"/.exec(challenge)![1]!;
    const prm = (await (await fetch(prmUrl)).json()) as { resource: string; authorization_servers: string[] };
    expect(prm.resource).toBe(mcp);

    const issuer = prm.authorization_servers[0]!;
    const issuerUrl = new URL(issuer);
    const metadata = (await (await fetch(`${issuerUrl.origin}/.well-known/oauth-authorization-server${issuerUrl.pathname}`)).json()) as Record<string, unknown>;
    expect(metadata.issuer).toBe(issuer);
    expect(metadata.code_challenge_methods_supported).toEqual(["S256"]);

    const verifier = "a-verifier-of-at-least-forty-three-characters-0123456789";
    const authorize = new URL(metadata.authorization_endpoint as string);
    for (const [name, value] of Object.entries({
      client_id: PLATFORM_APP,
      response_type: "code",
      redirect_uri: REDIRECT_URI,
      scope,
      state: "chain-state",
      code_challenge: createHash("sha256").update(verifier).digest("base64url"),
      code_challenge_method: "S256",
      resource: mcp,
    }))
      authorize.searchParams.set(name, value);
    const redirect = await fetch(authorize, { redirect: "manual" });
    expect(redirect.status).toBe(302);
    const location = new URL(redirect.headers.get("location")!);
    expect(`${location.origin}${location.pathname}`).toBe(`${entra.url}/${CONTOSO}/oauth2/v2.0/authorize`);
    expect(location.searchParams.has("resource")).toBe(false);
    expect(location.searchParams.get("scope")).toBe(`api://${API_V2}/mcp.access`);

    const picked = await signInThroughAccountPicker({ authorizeUrl: location.toString(), oid: users.verified.oid, caPem: entra.caPem });
    const code = picked.kind === "redirect" ? picked.params.get("code")! : "";
    const tokenAnswer = await fetch(metadata.token_endpoint as string, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ grant_type: "authorization_code", client_id: PLATFORM_APP, client_secret: SECRET, code, redirect_uri: REDIRECT_URI, code_verifier: verifier, resource: mcp }),
    });
    expect(tokenAnswer.status).toBe(200);
    const { access_token } = (await tokenAnswer.json()) as { access_token: string };
    expect(decodeJwt(access_token)).toMatchObject({ aud: API_V2, tid: CONTOSO, scp: "mcp.access" });

    const { client } = await connect("/t/contoso/mcp", access_token);
    expect((await client.callTool({ name: "whoami", arguments: {} })).structuredContent).toMatchObject({ email: "megan@contoso.example" });
    await client.close();
  });

  it("hands Entra's own error answer from the token endpoint back intact", async () => {
    const answer = await fetch(`${gatehouse}/t/contoso/oauth2/token`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ grant_type: "authorization_code", client_id: PLATFORM_APP, client_secret: SECRET, code: "no-such-code", redirect_uri: REDIRECT_URI, code_verifier: "x".repeat(43) }),
    });
    expect(answer.status).toBe(400);
    expect(((await answer.json()) as { error: string; error_codes: number[] }).error).toBe("invalid_grant");
  });

  it("has no authorization server for a workspace that does not exist", async () => {
    expect((await fetch(`${gatehouse}/.well-known/oauth-authorization-server/t/nobody-here`)).status).toBe(404);
    expect((await fetch(`${gatehouse}/t/nobody-here/oauth2/authorize`, { redirect: "manual" })).status).toBe(404);
  });
});
