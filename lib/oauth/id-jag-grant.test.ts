import { randomBytes } from "node:crypto";
import { and, eq } from "drizzle-orm";
import { SignJWT, decodeJwt, decodeProtectedHeader } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { accounts, auditEvents, oktaOrgs, tenantDomains, tenantMemberships, users } from "@/db/schema";
import { withTestDatabase } from "@/db/testing/test-database";
import { exchangeAtOkta, oktaTestSeed, startOktaEmulator, type RunningOktaEmulator } from "@/e2e/okta-emulator";
import { emulatorFetch } from "@/e2e/support/emulator-fetch";
import { createTenant } from "@/lib/testing/fixtures";
import { frozenClock } from "@/lib/time/clock";
import { clientSecretHasher } from "./client-secrets";
import { registerConfidentialClient } from "./confidential-clients";
import { JWT_BEARER_GRANT } from "./id-jag-grant";
import { saveClient } from "./stored-clients";
import { startAuthorizationServer, TEST_ENCRYPTION_KEY, type RunningAuthorizationServer } from "./testing/authorization-server-harness";

/**
 * Both legs of Enterprise-Managed Authorization over real HTTP: the Okta emulator exchanges an ID token for an ID-JAG,
 * Gatehouse's authorization server takes it with the jwt-bearer grant. Each rule of research §6.5 has its refusal.
 */
const t = withTestDatabase();
const clock = frozenClock(new Date());
const hasher = clientSecretHasher(TEST_ENCRYPTION_KEY.key);
const seed = oktaTestSeed();
const oktaClient = { id: seed.clients[0]!.clientId, secret: seed.clients[0]!.clientSecret };
const [dana, eli, outsider] = seed.users;
let okta: RunningOktaEmulator;
let as: RunningAuthorizationServer;
let tenantId: string;
let client: { id: string; secret: string };
const mcp = () => `${as.origin}/mcp`;
const now = () => Math.floor(clock.now().getTime() / 1000);

beforeAll(async () => {
  okta = await startOktaEmulator({ seed, now: () => clock.now() });
  as = await startAuthorizationServer(t.db, clock, { oktaFetch: emulatorFetch(okta.caPem) });
  tenantId = (await createTenant(t.db, "contoso-okta", "Contoso")).id;
  await t.db.insert(tenantDomains).values({ domain: "contoso.com", tenantId, verifiedAt: clock.now() });
  await t.db.insert(oktaOrgs).values({ tenantId, issuer: okta.issuer, scope: null, updatedAt: clock.now() });
  const registered = await registerConfidentialClient(t.db, hasher, { name: "Claude Code (Okta)", grantTypes: [JWT_BEARER_GRANT], redirectUris: "", authMethod: "client_secret_basic" }, { staffId: "staff-1", clientIp: null }, clock);
  if (!registered.ok) throw new Error(JSON.stringify(registered.fieldErrors));
  client = { id: registered.clientId, secret: registered.clientSecret };
  okta.connect({ clientId: oktaClient.id, audience: as.origin, resource: mcp(), scopes: ["mcp"], resourceClientId: client.id });
});
afterAll(async () => {
  await as?.close();
  await okta?.stop();
});

/** Leg 1: the person's ID token (what SSO gave the MCP client) exchanged at Okta's org authorization server. */
async function idJagFor(email = dana!.email): Promise<string> {
  const answer = await exchangeAtOkta(okta, { client: oktaClient, subjectToken: await okta.idTokenFor(email, oktaClient.id), audience: as.origin, resource: mcp(), scope: "mcp" });
  if (answer.status !== 200) throw new Error(JSON.stringify(answer.body));
  return String(answer.body.access_token);
}

/** An ID-JAG signed with the org's real key, with these claims changed (hostile cases). */
function minted(claims: Record<string, unknown> = {}, header: Record<string, unknown> = {}) {
  const base = { iss: okta.issuer, sub: dana!.id, aud: as.origin, client_id: client.id, jti: `IDAAG.${randomBytes(8).toString("hex")}`, iat: now(), exp: now() + 300, resource: mcp(), scope: "mcp", email: dana!.email };
  const merged = Object.fromEntries(Object.entries({ ...base, ...claims }).filter(([, v]) => v !== undefined));
  return okta.mintIdJag(merged, header);
}

/** Leg 2: the jwt-bearer grant at Gatehouse, with the client's credentials in Basic. */
async function jwtBearer(assertion: string, options: { as?: { id: string; secret: string }; scope?: string; resource?: string } = {}) {
  const who = options.as ?? client;
  const response = await fetch(`${as.origin}/oauth2/token`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", authorization: `Basic ${Buffer.from(`${who.id}:${who.secret}`).toString("base64")}` },
    body: new URLSearchParams({ grant_type: JWT_BEARER_GRANT, assertion, ...(options.scope ? { scope: options.scope } : {}), ...(options.resource ? { resource: options.resource } : {}) }),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

async function expectRefused(answer: { status: number; body: Record<string, unknown> }, error: string, code: string) {
  expect(answer.status).toBe(400);
  expect(answer.body.error).toBe(error);
  const reference = /\(reference (GH-[A-Z0-9]{4}-[A-Z0-9]{4})\)$/.exec(String(answer.body.error_description))?.[1];
  expect(reference, String(answer.body.error_description)).toBeDefined();
  const [event] = await t.db.select().from(auditEvents).where(eq(auditEvents.reference, reference!));
  expect(event).toMatchObject({ kind: "oauth.id_jag", outcome: "failure", detail: expect.objectContaining({ reason: code }) });
  return event!;
}

describe("the jwt-bearer grant with an Okta ID-JAG", () => {
  it("is advertised in the metadata, with the ID-JAG grant profile and no trusted issuer listed", async () => {
    const metadata = (await (await fetch(`${as.origin}/.well-known/oauth-authorization-server`)).json()) as Record<string, unknown>;
    expect(metadata.grant_types_supported).toContain(JWT_BEARER_GRANT);
    expect(metadata.authorization_grant_profiles_supported).toEqual(["urn:ietf:params:oauth:grant-profile:id-jag"]);
    expect(JSON.stringify(metadata)).not.toContain(okta.issuer);
  });

  it("issues an ES256 at+jwt access token for /mcp with the workspace claim, at most an hour, and no refresh token", async () => {
    const answer = await jwtBearer(await idJagFor());
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ token_type: "Bearer", scope: "mcp" });
    expect(answer.body.refresh_token).toBeUndefined();
    expect(Number(answer.body.expires_in)).toBeLessThanOrEqual(3600);
    const token = String(answer.body.access_token);
    expect(decodeProtectedHeader(token)).toMatchObject({ alg: "ES256", typ: "at+jwt" });
    const verified = await as.server.verifyAccessToken(token, { resource: mcp() });
    expect(verified).toMatchObject({ ok: true, principal: { workspace: tenantId, clientId: client.id, scopes: ["mcp"] } });
    // The person is keyed on (iss, sub), provisioned as a member, and the grant audited under the workspace.
    const [link] = await t.db.select().from(accounts).where(and(eq(accounts.provider, "okta"), eq(accounts.providerAccountId, `${okta.issuer}#${dana!.id}`)));
    expect(link?.userId).toBe(decodeJwt(token).sub);
    const [membership] = await t.db.select().from(tenantMemberships).where(and(eq(tenantMemberships.tenantId, tenantId), eq(tenantMemberships.userId, link!.userId)));
    expect(membership?.role).toBe("member");
    const [success] = await t.db.select().from(auditEvents).where(and(eq(auditEvents.kind, "oauth.id_jag"), eq(auditEvents.outcome, "success"), eq(auditEvents.actorId, link!.userId)));
    expect(success).toMatchObject({ tenantId, detail: expect.objectContaining({ clientId: client.id, created: true }) });
  });

  it("finds the same person again by (iss, sub) on their next ID-JAG", async () => {
    const first = decodeJwt(String((await jwtBearer(await idJagFor())).body.access_token)).sub;
    const second = decodeJwt(String((await jwtBearer(await idJagFor())).body.access_token)).sub;
    expect(second).toBe(first);
  });

  it("refuses a wrong client secret with 401 invalid_client", async () => {
    const answer = await jwtBearer(await idJagFor(), { as: { id: client.id, secret: `${client.secret}x` } });
    expect(answer).toMatchObject({ status: 401, body: { error: "invalid_client" } });
  });

  it("refuses a client that is not allowed the jwt-bearer grant", async () => {
    const other = await registerConfidentialClient(t.db, hasher, { name: "Server app", grantTypes: ["authorization_code"], redirectUris: "https://app.example/callback", authMethod: "client_secret_basic" }, { staffId: "staff-1", clientIp: null }, clock);
    if (!other.ok) throw new Error("registration failed");
    const answer = await jwtBearer(await idJagFor(), { as: { id: other.clientId, secret: other.clientSecret } });
    expect(answer.status).toBe(400);
    expect(answer.body.error).toMatch(/invalid_request|unauthorized_client/);
  });

  it("refuses a public client even when its metadata lists the grant", async () => {
    await saveClient(t.db, { client_id: "public-id-jag", token_endpoint_auth_method: "none", grant_types: [JWT_BEARER_GRANT], response_types: [], redirect_uris: [], application_type: "web" });
    const response = await fetch(`${as.origin}/oauth2/token`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ grant_type: JWT_BEARER_GRANT, assertion: await minted({ client_id: "public-id-jag" }), client_id: "public-id-jag" }),
    });
    await expectRefused({ status: response.status, body: (await response.json()) as Record<string, unknown> }, "unauthorized_client", "id_jag_client_not_confidential");
  });

  it("refuses an issuer bound to no workspace before looking at any key", async () => {
    const fetchesBefore = okta.keyFetches;
    const stranger = await new SignJWT({ iss: "https://unbound.okta.example", sub: "00u1", aud: as.origin, client_id: client.id, jti: "j", iat: now(), exp: now() + 300 })
      .setProtectedHeader({ alg: "HS256", typ: "oauth-id-jag+jwt" })
      .sign(new TextEncoder().encode("k".repeat(32)));
    await expectRefused(await jwtBearer(stranger), "invalid_grant", "id_jag_issuer_unknown");
    expect(okta.keyFetches).toBe(fetchesBefore);
  });

  it("refuses a token of the bound org that is not typed oauth-id-jag+jwt", async () => {
    await expectRefused(await jwtBearer(await minted({}, { typ: "JWT" })), "invalid_grant", "id_jag_wrong_type");
  });

  it("refuses a signature the org's keys do not verify, and a symmetric algorithm", async () => {
    const other = await startOktaEmulator({ seed });
    try {
      const forged = await other.mintIdJag({ iss: okta.issuer, sub: dana!.id, aud: as.origin, client_id: client.id, jti: "forged", iat: now(), exp: now() + 300 }, { kid: decodeProtectedHeader(await minted()).kid });
      await expectRefused(await jwtBearer(forged), "invalid_grant", "id_jag_signature_invalid");
    } finally {
      await other.stop();
    }
    const hs = await new SignJWT({ iss: okta.issuer, sub: dana!.id, aud: as.origin, client_id: client.id, jti: "hs", iat: now(), exp: now() + 300 })
      .setProtectedHeader({ alg: "HS256", typ: "oauth-id-jag+jwt" })
      .sign(new TextEncoder().encode("k".repeat(32)));
    await expectRefused(await jwtBearer(hs), "invalid_grant", "id_jag_signature_invalid");
  });

  it("refuses an audience other than Gatehouse's issuer, trailing slash included", async () => {
    await expectRefused(await jwtBearer(await minted({ aud: `${as.origin}/` })), "invalid_grant", "id_jag_audience_mismatch");
    await expectRefused(await jwtBearer(await minted({ aud: [as.origin, "https://other.example"] })), "invalid_grant", "id_jag_audience_mismatch");
  });

  it("refuses an ID-JAG issued for another client", async () => {
    await expectRefused(await jwtBearer(await minted({ client_id: "someone-else" })), "invalid_grant", "id_jag_client_mismatch");
  });

  it("refuses an expired ID-JAG (60 s skew), one issued in the future, and one that lives too long", async () => {
    const idJag = await idJagFor();
    clock.advance(361_000);
    try {
      await expectRefused(await jwtBearer(idJag), "invalid_grant", "id_jag_expired");
    } finally {
      clock.advance(-361_000);
    }
    await expectRefused(await jwtBearer(await minted({ iat: now() + 120, exp: now() + 420 })), "invalid_grant", "id_jag_issued_in_future");
    await expectRefused(await jwtBearer(await minted({ exp: now() + 3600 })), "invalid_grant", "id_jag_lifetime_too_long");
  });

  it("refuses an ID-JAG without jti, and the second presentation of one (single use)", async () => {
    await expectRefused(await jwtBearer(await minted({ jti: undefined })), "invalid_grant", "id_jag_jti_missing");
    const idJag = await idJagFor();
    expect((await jwtBearer(idJag)).status).toBe(200);
    await expectRefused(await jwtBearer(idJag), "invalid_grant", "id_jag_replayed");
  });

  it("refuses an ID-JAG without sub", async () => {
    await expectRefused(await jwtBearer(await minted({ sub: undefined })), "invalid_grant", "id_jag_subject_missing");
  });

  it("refuses a resource other than Gatehouse's MCP gateway, in the ID-JAG or in the request", async () => {
    await expectRefused(await jwtBearer(await minted({ resource: "https://other.example/mcp" })), "invalid_target", "id_jag_resource_not_allowed");
    await expectRefused(await jwtBearer(await minted(), { resource: `${as.origin}/other` }), "invalid_target", "id_jag_resource_not_allowed");
  });

  it("narrows scope: never beyond the ID-JAG's, and only what Gatehouse grants the workspace", async () => {
    await expectRefused(await jwtBearer(await minted({ scope: "mcp" }), { scope: "mcp admin" }), "invalid_scope", "id_jag_scope_not_allowed");
    const narrowed = await jwtBearer(await minted({ scope: "mcp calendar.read" }));
    expect(narrowed).toMatchObject({ status: 200, body: { scope: "mcp" } });
    await t.db.update(oktaOrgs).set({ scope: "calendar.read" }).where(eq(oktaOrgs.tenantId, tenantId));
    try {
      await expectRefused(await jwtBearer(await minted()), "invalid_scope", "id_jag_scope_not_allowed");
    } finally {
      await t.db.update(oktaOrgs).set({ scope: null }).where(eq(oktaOrgs.tenantId, tenantId));
    }
  });

  it("provisions nobody whose email is not on a verified domain of the workspace", async () => {
    okta.connect({ clientId: oktaClient.id, audience: as.origin, resource: mcp(), scopes: ["mcp"], resourceClientId: client.id, assigned: [outsider!.id, eli!.id] });
    const event = await expectRefused(await jwtBearer(await minted({ sub: outsider!.id, email: outsider!.email })), "invalid_grant", "id_jag_email_not_on_verified_domain");
    expect(event.tenantId).toBe(tenantId);
    expect(await t.db.select().from(users).where(eq(users.email, outsider!.email))).toEqual([]);
    expect(await t.db.select().from(accounts).where(eq(accounts.providerAccountId, `${okta.issuer}#${outsider!.id}`))).toEqual([]);
  });
});
