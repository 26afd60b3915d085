import { decodeJwt, decodeProtectedHeader } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { users } from "@/db/schema";
import { withTestDatabase } from "@/db/testing/test-database";
import { frozenClock } from "@/lib/time/clock";
import { mcpResourceOf } from "./paths";
import {
  authorize,
  formPost,
  redeemCode,
  refresh,
  registerNativeClient,
  startAuthorizationServer,
  type RunningAuthorizationServer,
} from "./testing/authorization-server-harness";

const t = withTestDatabase();
// oidc-provider stamps its own tokens with the real time; the clock Gatehouse's code reads is frozen at that time.
const clock = frozenClock(new Date());
const person = { userId: "user-ada", tenantId: "tenant-contoso", label: "ada@contoso.example", clientIp: "127.0.0.1" };
let as: RunningAuthorizationServer;

beforeAll(async () => {
  as = await startAuthorizationServer(t.db, clock);
  await t.db.insert(users).values({ id: person.userId, name: "Ada", email: person.label });
});
afterAll(() => as?.close());

describe("the authorization server's metadata", () => {
  it("is served at both well-known URLs with an identical issuer, S256 only, RFC 9207 iss and client id metadata documents", async () => {
    const [rfc8414, oidc] = await Promise.all(
      ["/.well-known/oauth-authorization-server", "/.well-known/openid-configuration"].map(async (path) => {
        const response = await fetch(`${as.origin}${path}`);
        expect(response.status).toBe(200);
        return (await response.json()) as Record<string, unknown>;
      }),
    );
    expect(rfc8414!.issuer).toBe(as.origin);
    expect(oidc!.issuer).toBe(rfc8414!.issuer);
    for (const metadata of [rfc8414!, oidc!]) {
      expect(metadata.code_challenge_methods_supported).toEqual(["S256"]);
      expect(metadata.authorization_response_iss_parameter_supported).toBe(true);
      expect(metadata.client_id_metadata_document_supported).toBe(true);
      expect(metadata.registration_endpoint).toBe(`${as.origin}/oauth2/register`);
      expect(metadata.introspection_endpoint).toBe(`${as.origin}/oauth2/introspect`);
      expect(metadata.revocation_endpoint).toBe(`${as.origin}/oauth2/revoke`);
      expect(metadata.grant_types_supported).toEqual(expect.arrayContaining(["authorization_code", "refresh_token"]));
    }
  });

  it("publishes the signing keys' public halves only", async () => {
    const jwks = (await (await fetch(`${as.origin}/oauth2/jwks`)).json()) as { keys: Array<Record<string, unknown>> };
    expect(jwks.keys.length).toBeGreaterThan(0);
    for (const key of jwks.keys) {
      expect(key).toMatchObject({ kty: "EC", crv: "P-256" });
      expect(key.d).toBeUndefined();
    }
  });
});

describe("authorization code + PKCE", () => {
  it("issues an ES256 at+jwt access token for /mcp, 15 minutes, with the person's workspace, and an opaque refresh token", async () => {
    const client = await registerNativeClient(as.origin);
    const run = await authorize(as.origin, client, person, { decideOn: as.server, db: t.db, clock });
    expect(run.iss).toBe(as.origin);
    expect(run.code).not.toBe("");
    const tokens = await redeemCode(as.origin, run, mcpResourceOf(as.origin));
    expect(tokens.status).toBe(200);
    const accessToken = String(tokens.body.access_token);
    expect(decodeProtectedHeader(accessToken)).toMatchObject({ alg: "ES256", typ: "at+jwt" });
    const claims = decodeJwt(accessToken);
    expect(claims).toMatchObject({ iss: as.origin, aud: mcpResourceOf(as.origin), sub: person.userId, client_id: client.clientId, scope: "mcp", workspace: person.tenantId, email: person.label });
    expect(claims.exp! - claims.iat!).toBe(900);
    expect(String(tokens.body.refresh_token).split(".")).toHaveLength(1);

    const verified = await as.server.verifyAccessToken(accessToken, { resource: mcpResourceOf(as.origin) });
    expect(verified).toEqual({
      ok: true,
      principal: { kind: "user", sub: person.userId, workspace: person.tenantId, email: person.label, scopes: ["mcp"], clientId: client.clientId, expiresAt: new Date(claims.exp! * 1000), issuedAt: new Date(claims.iat! * 1000) },
    });
    expect(await as.server.verifyAccessToken(accessToken, { resource: `${as.origin}/elsewhere` })).toEqual({ ok: false, code: "token_wrong_audience" });
  });

  it("refuses an authorization request without a PKCE challenge", async () => {
    const client = await registerNativeClient(as.origin);
    const url = new URL(`${as.origin}/oauth2/authorize`);
    url.search = new URLSearchParams({ client_id: client.clientId, redirect_uri: client.redirectUri, response_type: "code", scope: "mcp", state: "s" }).toString();
    const response = await fetch(url, { redirect: "manual" });
    const location = new URL(response.headers.get("location") ?? "", as.origin);
    expect(location.searchParams.get("error")).toBe("invalid_request");
    expect(location.searchParams.get("error_description")).toMatch(/PKCE/);
  });

  it("refuses a code redeemed with the wrong code verifier", async () => {
    const client = await registerNativeClient(as.origin);
    const run = await authorize(as.origin, client, person, { decideOn: as.server, db: t.db, clock });
    const answer = await redeemCode(as.origin, { ...run, codeVerifier: "x".repeat(43) }, mcpResourceOf(as.origin));
    expect(answer).toMatchObject({ status: 400, body: { error: "invalid_grant" } });
  });

  it("sends access_denied back to the client when the person chooses Deny", async () => {
    const client = await registerNativeClient(as.origin);
    const run = await authorize(as.origin, client, person, { decideOn: as.server, db: t.db, clock, decision: "deny" });
    expect(run.location.searchParams.get("error")).toBe("access_denied");
    expect(run.code).toBe("");
  });
});

describe("refresh tokens", () => {
  it("rotate on every use, and a spent one presented again revokes the whole family", async () => {
    const client = await registerNativeClient(as.origin);
    const run = await authorize(as.origin, client, person, { decideOn: as.server, db: t.db, clock });
    const first = await redeemCode(as.origin, run, mcpResourceOf(as.origin));
    const firstRefresh = String(first.body.refresh_token);

    const second = await refresh(as.origin, client.clientId, firstRefresh);
    expect(second.status).toBe(200);
    const secondRefresh = String(second.body.refresh_token);
    expect(secondRefresh).not.toBe(firstRefresh);
    expect(decodeJwt(String(second.body.access_token)).aud).toBe(mcpResourceOf(as.origin));

    const reused = await refresh(as.origin, client.clientId, firstRefresh);
    expect(reused).toMatchObject({ status: 400, body: { error: "invalid_grant" } });
    // The reuse revoked the grant: the newest refresh token of the family is dead too.
    expect(await refresh(as.origin, client.clientId, secondRefresh)).toMatchObject({ status: 400, body: { error: "invalid_grant" } });
  });
});

describe("introspection and revocation", () => {
  it("introspect a live refresh token as active, and as inactive once it is revoked", async () => {
    const client = await registerNativeClient(as.origin);
    const run = await authorize(as.origin, client, person, { decideOn: as.server, db: t.db, clock });
    const refreshToken = String((await redeemCode(as.origin, run, mcpResourceOf(as.origin))).body.refresh_token);

    const live = await formPost(`${as.origin}/oauth2/introspect`, { token: refreshToken, client_id: client.clientId });
    expect(live).toMatchObject({ status: 200, body: { active: true, sub: person.userId, client_id: client.clientId } });

    const revoked = await formPost(`${as.origin}/oauth2/revoke`, { token: refreshToken, client_id: client.clientId });
    expect(revoked.status).toBe(200);
    expect(await formPost(`${as.origin}/oauth2/introspect`, { token: refreshToken, client_id: client.clientId })).toMatchObject({ status: 200, body: { active: false } });
    expect(await refresh(as.origin, client.clientId, refreshToken)).toMatchObject({ status: 400, body: { error: "invalid_grant" } });
  });
});
