import { createServer, type Server } from "node:https";
import type { AddressInfo } from "node:net";
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditEvents } from "@/db/schema";
import { withTestDatabase } from "@/db/testing/test-database";
import { createTlsMaterial } from "@/e2e/entra-emulator/certificates";
import { emulatorFetch } from "@/e2e/support/emulator-fetch";
import { frozenClock } from "@/lib/time/clock";
import { isSpecialUseAddress } from "./client-metadata-fetch";
import { interactionView } from "./interaction";
import { INTERACTION_ROUTE, mcpResourceOf } from "./paths";
import { authorizationRequest, authorize, redeemCode, startAuthorizationServer, type RunningAuthorizationServer } from "./testing/authorization-server-harness";

const t = withTestDatabase();
const clock = frozenClock(new Date());
const person = { userId: "user-ada", tenantId: "tenant-contoso", label: null, clientIp: "127.0.0.1" };

function register(origin: string, metadata: Record<string, unknown>) {
  return fetch(`${origin}/oauth2/register`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ client_name: "Test", token_endpoint_auth_method: "none", grant_types: ["authorization_code", "refresh_token"], ...metadata }),
  });
}

describe("Dynamic Client Registration", () => {
  let as: RunningAuthorizationServer;
  beforeAll(async () => {
    as = await startAuthorizationServer(t.db, clock);
  });
  afterAll(() => as?.close());

  it("registers a public native client with a loopback or a private-use-scheme redirect", async () => {
    for (const redirect of ["http://127.0.0.1:33418/callback", "http://localhost:8080/cb", "http://[::1]:9000/", "com.example.mcp:/oauth/callback"]) {
      const answer = await register(as.origin, { redirect_uris: [redirect] });
      expect(answer.status, redirect).toBe(201);
      expect(await answer.json()).toMatchObject({ redirect_uris: [redirect], token_endpoint_auth_method: "none" });
    }
  });

  it("refuses a web redirect with 400 invalid_redirect_uri, and audits the refusal", async () => {
    const answer = await register(as.origin, { redirect_uris: ["https://attacker.example/callback"] });
    expect(answer.status).toBe(400);
    expect(await answer.json()).toMatchObject({ error: "invalid_redirect_uri" });
    const audited = await t.db.select().from(auditEvents).where(and(eq(auditEvents.kind, "oauth.registration_create"), eq(auditEvents.outcome, "failure")));
    expect(audited.some((e) => e.detail.error === "invalid_redirect_uri")).toBe(true);
  });

  it("refuses a confidential client", async () => {
    const answer = await register(as.origin, { redirect_uris: ["http://127.0.0.1:1/cb"], token_endpoint_auth_method: "client_secret_basic" });
    expect(answer.status).toBe(400);
    expect(await answer.json()).toMatchObject({ error: "invalid_client_metadata" });
  });

  it("answers 429 after ten registrations a minute from one address", async () => {
    const limited = await startAuthorizationServer(t.db, clock);
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 11; i++) statuses.push((await register(limited.origin, { redirect_uris: ["http://127.0.0.1:1/cb"] })).status);
      expect(statuses).toEqual([...Array(10).fill(201), 429]);
      clock.advance(60_000);
      expect((await register(limited.origin, { redirect_uris: ["http://127.0.0.1:1/cb"] })).status).toBe(201);
    } finally {
      await limited.close();
    }
  });
});

describe("Client ID Metadata Documents", () => {
  let documents: Server;
  let base: string;
  let caPem: string;
  const served: string[] = [];
  const bodies = new Map<string, { status: number; body: string; headers?: Record<string, string> }>();

  beforeAll(async () => {
    const tls = await createTlsMaterial(new Date());
    caPem = tls.caPem;
    documents = createServer({ cert: tls.certificatePem, key: tls.privateKeyPem }, (req, res) => {
      served.push(req.url ?? "");
      const doc = bodies.get(req.url ?? "");
      if (!doc) return void res.writeHead(404).end();
      res.writeHead(doc.status, { "content-type": "application/json", ...doc.headers }).end(doc.body);
    });
    await new Promise<void>((resolve) => documents.listen(0, "127.0.0.1", resolve));
    base = `https://localhost:${(documents.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => documents.close(() => resolve())));

  function publish(path: string, document: Record<string, unknown> | string, status = 200, headers: Record<string, string> = { "cache-control": "max-age=300" }) {
    bodies.set(path, { status, body: typeof document === "string" ? document : JSON.stringify(document), headers });
    return `${base}${path}`;
  }
  const documentFor = (clientId: string) => ({ client_id: clientId, client_name: "Loopback CIMD client", redirect_uris: ["http://127.0.0.1:53682/callback"], token_endpoint_auth_method: "none", grant_types: ["authorization_code", "refresh_token"], response_types: ["code"] });

  it("accept an https client id whose document names it: authorize, consent shows the client, tokens carry the URL; fetched once while cached", async () => {
    const as = await startAuthorizationServer(t.db, clock, { allowLoopbackClientMetadata: true, fetch: (url, init) => emulatorFetch(caPem)(String(url), init) });
    try {
      const clientId = `${base}/clients/good.json`;
      publish("/clients/good.json", documentFor(clientId));
      const client = { clientId, redirectUri: "http://127.0.0.1:53682/callback" };
      const run = await authorize(as.origin, client, person, { decideOn: as.server, db: t.db, clock });
      const tokens = await redeemCode(as.origin, run, mcpResourceOf(as.origin));
      expect(tokens.status).toBe(200);
      expect((await as.server.verifyAccessToken(String(tokens.body.access_token), { resource: mcpResourceOf(as.origin) })).ok && true).toBe(true);

      const again = await fetch((await authorizationRequest(as.origin, client)).url, { redirect: "manual" });
      const uid = INTERACTION_ROUTE.exec(new URL(again.headers.get("location")!, as.origin).pathname)![1]!;
      const view = await interactionView({ provider: as.server.provider(), db: t.db, clock, apiPublicUrl: as.origin }, uid);
      expect(view).toMatchObject({ clientName: "Loopback CIMD client", redirectHost: "127.0.0.1:53682" });
      expect(served.filter((p) => p === "/clients/good.json")).toHaveLength(1);
    } finally {
      await as.close();
    }
  });

  it("refuse a document whose client_id is not the URL it was fetched from", async () => {
    const as = await startAuthorizationServer(t.db, clock, { allowLoopbackClientMetadata: true, fetch: (url, init) => emulatorFetch(caPem)(String(url), init) });
    try {
      const clientId = publish("/clients/impostor.json", documentFor(`${base}/clients/someone-else.json`));
      const answer = await fetch((await authorizationRequest(as.origin, { clientId, redirectUri: "http://127.0.0.1:53682/callback" })).url, { redirect: "manual" });
      expect(answer.status).toBe(400);
      expect(served).toContain("/clients/impostor.json");
    } finally {
      await as.close();
    }
  });

  it("refuse a document that redirects elsewhere", async () => {
    const as = await startAuthorizationServer(t.db, clock, { allowLoopbackClientMetadata: true, fetch: (url, init) => emulatorFetch(caPem)(String(url), init) });
    try {
      const clientId = publish("/clients/moved.json", "", 302, { location: `${base}/clients/good.json` });
      const answer = await fetch((await authorizationRequest(as.origin, { clientId, redirectUri: "http://127.0.0.1:53682/callback" })).url, { redirect: "manual" });
      expect(answer.status).toBe(400);
    } finally {
      await as.close();
    }
  });

  it("are never fetched from a loopback address unless OAUTH_ALLOW_LOOPBACK_CLIENT_METADATA is on", async () => {
    const as = await startAuthorizationServer(t.db, clock, { allowLoopbackClientMetadata: false, fetch: (url, init) => emulatorFetch(caPem)(String(url), init) });
    try {
      const clientId = publish("/clients/internal.json", documentFor(`${base}/clients/internal.json`));
      const answer = await fetch((await authorizationRequest(as.origin, { clientId, redirectUri: "http://127.0.0.1:53682/callback" })).url, { redirect: "manual" });
      expect(answer.status).toBe(400);
      expect(served).not.toContain("/clients/internal.json");
    } finally {
      await as.close();
    }
  });

  it("treat private, loopback, link-local and mapped addresses as special-use, public ones not", () => {
    for (const address of ["127.0.0.1", "10.1.2.3", "172.20.0.1", "192.168.1.1", "169.254.169.254", "::1", "fe80::1", "fd00::1", "::ffff:127.0.0.1", "0.0.0.0", "not-an-ip"])
      expect(isSpecialUseAddress(address), address).toBe(true);
    for (const address of ["93.184.216.34", "2606:2800:220:1:248:1893:25c8:1946", "::ffff:93.184.216.34"]) expect(isSpecialUseAddress(address), address).toBe(false);
  });
});
