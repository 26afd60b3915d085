import { createLocalJWKSet, jwtVerify, type JWK } from "jose";
import { describe, expect, it } from "vitest";
import {
  API_V1,
  API_V2,
  claimsOf,
  codeFor,
  CONTOSO,
  FABRIKAM,
  headerOf,
  OTHER_MULTI_TENANT_APP,
  PERSONAL,
  PLATFORM_APP,
  redeem,
  REDIRECT_URI,
  SECRET,
  signInTokens,
  withContractEmulator,
  users,
} from "./test-fixture";

const emulator = withContractEmulator();

/** Microsoft's multi-tenant recipe (research 1.6): verify by kid, then the key's issuer with {tenantid} → tid must equal iss. */
async function verifyLikeMicrosoft(idToken: string, keysPath: string, audience: string) {
  const jwks = JSON.parse((await emulator.get(keysPath)).body) as { keys: (JWK & { kid: string; issuer: string })[] };
  const { payload, protectedHeader } = await jwtVerify(idToken, createLocalJWKSet(jwks), { audience, algorithms: ["RS256"] });
  const keyIssuer = jwks.keys.find((k) => k.kid === protectedHeader.kid)!.issuer;
  const expectedIssuer = keyIssuer.replace(/\{tenantid\}/i, String(payload.tid));
  expect(payload.iss).toBe(expectedIssuer);
  expect(new URL(String(payload.iss)).pathname.split("/")[1]).toBe(payload.tid);
  return payload;
}

describe("the authorization-code flow", () => {
  it("issues an ID token that verifies against the common key set with the issuer template substituted", async () => {
    const tokens = await signInTokens(emulator, { oid: users.verified.oid });
    const claims = await verifyLikeMicrosoft(tokens.id_token!, "/common/discovery/v2.0/keys", PLATFORM_APP);
    expect(headerOf(tokens.id_token!)).toEqual({ typ: "JWT", alg: "RS256", kid: expect.any(String) });
    expect(claims).toMatchObject({
      aud: PLATFORM_APP,
      iss: `${emulator.url}/${CONTOSO}/v2.0`,
      tid: CONTOSO,
      oid: users.verified.oid,
      name: "Megan Bowen",
      preferred_username: "megan@contoso.example",
      nonce: "nonce-456",
      ver: "2.0",
      roles: ["Gatehouse.Admin"],
    });
    expect(claims.sub).toMatch(/^[A-Za-z0-9_-]{43}$/);
    for (const opaque of ["uti", "aio", "rh", "sid"]) expect(typeof claims[opaque]).toBe("string");
    expect(claims.exp! - claims.iat!).toBe(3900);
    expect(claims.nbf).toBe(claims.iat);
  });

  it("verifies a stranger tenant's and a personal account's token against the same common keys", async () => {
    const stranger = await signInTokens(emulator, { oid: users.stranger.oid });
    expect((await verifyLikeMicrosoft(stranger.id_token!, "/common/discovery/v2.0/keys", PLATFORM_APP)).iss).toBe(`${emulator.url}/${FABRIKAM}/v2.0`);
    const personal = await signInTokens(emulator, { oid: users.personal.oid, tenant: "consumers" });
    expect((await verifyLikeMicrosoft(personal.id_token!, "/consumers/discovery/v2.0/keys", PLATFORM_APP)).tid).toBe(PERSONAL);
  });

  it("answers the code exchange with Entra's body and no-store headers", async () => {
    const { code, verifier } = await codeFor(emulator, { oid: users.verified.oid });
    const response = await redeem(emulator, "common", code, verifier);
    expect(response.status).toBe(200);
    expect(response.headers["cache-control"]).toBe("no-store, no-cache");
    expect(response.headers.pragma).toBe("no-cache");
    expect(response.headers.expires).toBe("-1");
    expect(response.headers["content-type"]).toBe("application/json; charset=utf-8");
    const body = JSON.parse(response.body);
    expect(Object.keys(body)).toEqual(["token_type", "scope", "expires_in", "ext_expires_in", "access_token", "refresh_token", "id_token"]);
    expect(body).toMatchObject({ token_type: "Bearer", expires_in: 3599, ext_expires_in: 3599 });
  });

  it("gives a refresh token only for offline_access and an ID token only for openid", async () => {
    const noOffline = await signInTokens(emulator, { oid: users.verified.oid, scope: "openid profile" });
    expect(noOffline).not.toHaveProperty("refresh_token");
    expect(noOffline).toHaveProperty("id_token");
    const noOpenid = await signInTokens(emulator, { oid: users.verified.oid, scope: "offline_access api://gatehouse-mcp/Tools.Read" });
    expect(noOpenid).not.toHaveProperty("id_token");
    expect(noOpenid).toHaveProperty("refresh_token");
  });

  it("redeems a code once; the second time is AADSTS54005", async () => {
    const { code, verifier } = await codeFor(emulator, { oid: users.verified.oid });
    expect((await redeem(emulator, "common", code, verifier)).status).toBe(200);
    const replay = await redeem(emulator, "common", code, verifier);
    expect(replay.status).toBe(400);
    expect(JSON.parse(replay.body)).toMatchObject({ error: "invalid_grant", error_codes: [54005] });
  });

  it("checks the code verifier against the S256 challenge", async () => {
    const { code } = await codeFor(emulator, { oid: users.verified.oid });
    const wrong = await redeem(emulator, "common", code, "a-verifier-that-does-not-match-the-challenge-at-all");
    expect(wrong.status).toBe(400);
    expect(JSON.parse(wrong.body)).toMatchObject({ error: "invalid_grant", error_codes: [501481] });

    const second = await codeFor(emulator, { oid: users.verified.oid });
    const missing = await redeem(emulator, "common", second.code, second.verifier, { code_verifier: "" });
    expect(JSON.parse(missing.body)).toMatchObject({ error: "invalid_grant", error_codes: [50148] });
  });

  it("accepts the plain method, where the verifier is the challenge", async () => {
    const verifier = "plain-verifier-plain-verifier-plain-verifier-0001";
    const { code } = await codeFor(emulator, { oid: users.verified.oid, extra: { code_challenge: verifier, code_challenge_method: "plain" } });
    expect((await redeem(emulator, "common", code, verifier)).status).toBe(200);
  });

  it("demands the redirect URI the code was issued for", async () => {
    const { code, verifier } = await codeFor(emulator, { oid: users.verified.oid });
    const response = await redeem(emulator, "common", code, verifier, { redirect_uri: "https://broker.example/other" });
    expect(response.status).toBe(400);
    expect(JSON.parse(response.body).error_codes).toEqual([500112]);
  });

  it("takes the client secret by HTTP Basic too", async () => {
    const { code, verifier } = await codeFor(emulator, { oid: users.verified.oid });
    const basic = Buffer.from(`${encodeURIComponent(PLATFORM_APP)}:${encodeURIComponent(SECRET)}`).toString("base64");
    const response = await emulator.postForm(
      "/common/oauth2/v2.0/token",
      { grant_type: "authorization_code", code, redirect_uri: REDIRECT_URI, code_verifier: verifier },
      { Authorization: `Basic ${basic}` },
    );
    expect(response.status).toBe(200);
  });

  it("lets a code expire after ten minutes", async () => {
    const { code, verifier } = await codeFor(emulator, { oid: users.verified.oid });
    await emulator.admin.setClockOffset(601);
    try {
      const response = await redeem(emulator, "common", code, verifier);
      expect(JSON.parse(response.body)).toMatchObject({ error: "invalid_grant", error_codes: [70008] });
    } finally {
      await emulator.admin.setClockOffset(0);
    }
  });

  it("refreshes with what the directory says now", async () => {
    const tokens = await signInTokens(emulator, { oid: users.emailOnly.oid });
    expect(claimsOf(tokens.id_token!)).not.toHaveProperty("roles");
    await emulator.admin.updateUser(CONTOSO, users.emailOnly.oid, { name: "Omar Renamed" });
    await emulator.admin.setUserRoles(CONTOSO, PLATFORM_APP, users.emailOnly.oid, ["Gatehouse.Member"]);
    const refreshed = await emulator.postForm("/common/oauth2/v2.0/token", {
      grant_type: "refresh_token",
      client_id: PLATFORM_APP,
      client_secret: SECRET,
      refresh_token: tokens.refresh_token!,
    });
    expect(refreshed.status).toBe(200);
    const claims = claimsOf(JSON.parse(refreshed.body).id_token);
    expect(claims).toMatchObject({ name: "Omar Renamed", roles: ["Gatehouse.Member"] });
    expect(claims).not.toHaveProperty("nonce");
  });
});

describe("identity claims", () => {
  it("gives the same person a different pairwise sub per app, with the same oid", async () => {
    const platform = claimsOf((await signInTokens(emulator, { oid: users.verified.oid })).id_token!);
    const other = claimsOf((await signInTokens(emulator, { oid: users.verified.oid, clientId: OTHER_MULTI_TENANT_APP })).id_token!);
    expect(platform.oid).toBe(other.oid);
    expect(platform.sub).not.toBe(other.sub);
    const again = claimsOf((await signInTokens(emulator, { oid: users.verified.oid })).id_token!);
    expect(again.sub).toBe(platform.sub);
  });

  it("puts up to 200 groups inline and replaces more with the overage claim", async () => {
    const atLimit = claimsOf((await signInTokens(emulator, { oid: users.atLimit.oid })).id_token!);
    expect(atLimit.groups).toHaveLength(200);
    expect(atLimit).not.toHaveProperty("_claim_names");

    const over = claimsOf((await signInTokens(emulator, { oid: users.overage.oid })).id_token!);
    expect(over).not.toHaveProperty("groups");
    expect(over._claim_names).toEqual({ groups: "src1" });
    expect(over._claim_sources).toEqual({ src1: { endpoint: `https://graph.windows.net/${CONTOSO}/users/${users.overage.oid}/getMemberObjects` } });
  });

  it("sends no group claim to an app without a groups claim in its token configuration, however many groups", async () => {
    for (const oid of [users.verified.oid, users.atLimit.oid, users.overage.oid]) {
      const claims = claimsOf((await signInTokens(emulator, { oid, clientId: OTHER_MULTI_TENANT_APP })).id_token!);
      expect(claims).not.toHaveProperty("groups");
      expect(claims).not.toHaveProperty("_claim_names");
      expect(claims).not.toHaveProperty("_claim_sources");
    }
  });

  it("states email and xms_edov as the directory has them", async () => {
    const idClaims = async (oid: string, scope?: string) => claimsOf((await signInTokens(emulator, { oid, scope })).id_token!);
    expect(await idClaims(users.verified.oid)).toMatchObject({ email: "megan@contoso.example", xms_edov: true });
    expect(await idClaims(users.unverified.oid)).toMatchObject({ email: "grady.archie@mail.example", xms_edov: false });
    const noEmail = await idClaims(users.noEmail.oid);
    expect(noEmail).not.toHaveProperty("email");
    expect(noEmail).not.toHaveProperty("xms_edov");
    const emailOnly = await idClaims(users.emailOnly.oid);
    expect(emailOnly.email).toBe("omar@contoso.example");
    expect(emailOnly).not.toHaveProperty("xms_edov");
    const withoutEmailScope = await idClaims(users.verified.oid, "openid profile");
    expect(withoutEmailScope).not.toHaveProperty("email");
    expect(withoutEmailScope).not.toHaveProperty("xms_edov");
  });
});

describe("access tokens", () => {
  it("is a v1 Graph token when only OpenID scopes were asked for", async () => {
    const tokens = await signInTokens(emulator, { oid: users.verified.oid });
    expect(tokens.scope).toBe("openid profile email offline_access https://graph.microsoft.com/User.Read");
    const header = headerOf(tokens.access_token!);
    expect(header.x5t).toBe(header.kid);
    expect(claimsOf(tokens.access_token!)).toMatchObject({
      aud: "00000003-0000-0000-c000-000000000000",
      iss: `https://sts.windows.net/${CONTOSO}/`,
      appid: PLATFORM_APP,
      appidacr: "1",
      idtyp: "user",
      scp: "openid profile email User.Read",
      ver: "1.0",
    });
  });

  it("is a v2 token for an API that accepts v2, with the API's client id as audience", async () => {
    const tokens = await signInTokens(emulator, { oid: users.verified.oid, scope: "openid offline_access api://gatehouse-mcp/Tools.Read" });
    expect(tokens.scope).toBe("openid offline_access api://gatehouse-mcp/Tools.Read");
    expect(Object.keys(headerOf(tokens.access_token!))).toEqual(["typ", "alg", "kid"]);
    const claims = await verifyLikeMicrosoft(tokens.access_token!, `/${CONTOSO}/discovery/v2.0/keys`, API_V2);
    expect(claims).toMatchObject({ aud: API_V2, azp: PLATFORM_APP, azpacr: "1", scp: "Tools.Read", roles: ["Tools.Read"], ver: "2.0", tid: CONTOSO });
  });

  it("is a v1 token for an API that does not ask for v2, naming it as the request did", async () => {
    const tokens = await signInTokens(emulator, { oid: users.verified.oid, scope: "https://api.contoso.example/Orders.Read" });
    expect(claimsOf(tokens.access_token!)).toMatchObject({ aud: "https://api.contoso.example", iss: `https://sts.windows.net/${CONTOSO}/`, scp: "Orders.Read", ver: "1.0" });
    const byClientId = await signInTokens(emulator, { oid: users.verified.oid, scope: `${API_V1}/Orders.Read` });
    expect(claimsOf(byClientId.access_token!).aud).toBe(API_V1);
  });

  it("refuses a single-tenant API to a user of another tenant", async () => {
    const { code, verifier } = await codeFor(emulator, { oid: users.stranger.oid, scope: "openid api://gatehouse-mcp/Tools.Read" });
    const response = await redeem(emulator, "common", code, verifier);
    expect(response.status).toBe(400);
    expect(JSON.parse(response.body)).toMatchObject({ error: "invalid_resource", error_codes: [500011] });
  });
});
