import { decodeJwt, decodeProtectedHeader } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { emulatorFetch } from "../support/emulator-fetch";
import { exchangeAtOkta, ID_JAG_TOKEN_TYPE, oktaTestSeed, startOktaEmulator, type RunningOktaEmulator } from "./index";

const seed = oktaTestSeed();
const client = { id: seed.clients[0]!.clientId, secret: seed.clients[0]!.clientSecret };
const AS = "https://gatehouse.example";
const RESOURCE = `${AS}/mcp`;
let okta: RunningOktaEmulator;
let idToken: string;

beforeAll(async () => {
  okta = await startOktaEmulator({ seed });
  okta.connect({ clientId: client.id, audience: AS, resource: RESOURCE, scopes: ["mcp"], resourceClientId: "gatehouse-client-1", assigned: [seed.users[0]!.id] });
  idToken = await okta.idTokenFor("dana@contoso.com", client.id);
});
afterAll(() => okta.stop());

const exchange = (overrides: Partial<Parameters<typeof exchangeAtOkta>[1]> = {}) => exchangeAtOkta(okta, { client, subjectToken: idToken, audience: AS, resource: RESOURCE, scope: "mcp", ...overrides });

describe("the Okta emulator's org authorization server", () => {
  it("publishes discovery with the org URL as issuer, the v1 endpoints and the ID-JAG token type", async () => {
    const metadata = (await (await emulatorFetch(okta.caPem)(`${okta.issuer}/.well-known/openid-configuration`)).json()) as Record<string, unknown>;
    expect(metadata).toMatchObject({ issuer: okta.issuer, token_endpoint: `${okta.issuer}/oauth2/v1/token`, jwks_uri: `${okta.issuer}/oauth2/v1/keys`, identity_chaining_requested_token_types_supported: [ID_JAG_TOKEN_TYPE] });
  });

  it("exchanges an ID token it issued for an ID-JAG: typ, RS256 with kid, the claims, 300 s, token_type N_A, no refresh token", async () => {
    const answer = await exchange();
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({ access_token: expect.any(String), expires_in: 300, issued_token_type: ID_JAG_TOKEN_TYPE, token_type: "N_A" });
    const header = decodeProtectedHeader(String(answer.body.access_token));
    expect(header).toMatchObject({ typ: "oauth-id-jag+jwt", alg: "RS256", kid: expect.any(String) });
    const claims = decodeJwt(String(answer.body.access_token));
    expect(claims).toMatchObject({ iss: okta.issuer, sub: seed.users[0]!.id, aud: AS, client_id: "gatehouse-client-1", resource: RESOURCE, scope: "mcp", email: "dana@contoso.com" });
    expect(claims.jti).toMatch(/^IDAAG\./);
    expect(claims.exp! - claims.iat!).toBe(300);
  });

  it("answers invalid_target for a resource the connection is not for", async () => {
    expect(await exchange({ resource: `${AS}/other` })).toEqual({ status: 400, body: { error: "invalid_target", error_description: "Resource mismatch" } });
  });

  it("answers unauthorized_client for a scope the connection's policy does not permit", async () => {
    expect(await exchange({ scope: "mcp admin" })).toEqual({ status: 400, body: { error: "unauthorized_client", error_description: "Scope not permitted" } });
  });

  it("answers invalid_grant for an audience no connection names, a person not assigned, and a subject token it did not issue to this client", async () => {
    expect(await exchange({ audience: "https://elsewhere.example" })).toEqual({ status: 400, body: { error: "invalid_grant", error_description: "Audience validation failed" } });
    const eli = await okta.idTokenFor("eli@contoso.com", client.id);
    expect((await exchange({ subjectToken: eli })).body).toMatchObject({ error: "invalid_grant" });
    const forAnotherClient = await okta.idTokenFor("dana@contoso.com", "0oaSomeoneElse");
    expect((await exchange({ subjectToken: forAnotherClient })).body).toMatchObject({ error: "invalid_grant", error_description: "The subject token is invalid." });
  });

  it("refuses a wrong client secret with 401 invalid_client", async () => {
    expect((await exchange({ client: { id: client.id, secret: "wrong" } })).status).toBe(401);
  });

  it("refuses the ID-JAG token type at a custom authorization server", async () => {
    const answer = await exchange({ issuer: okta.customIssuer });
    expect(answer).toEqual({ status: 400, body: { error: "invalid_request", error_description: "The 'requested_token_type' is invalid or not supported." } });
  });
});
