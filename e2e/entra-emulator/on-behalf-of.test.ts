import { decodeJwt } from "jose";
import { beforeAll, describe, expect, it } from "vitest";
import { entraAccessToken } from "../support/entra-access-token";
import { API_V2, CONTOSO, PLATFORM_APP, REDIRECT_URI, SECRET, SINGLE_TENANT_APP, users, withContractEmulator } from "./test-fixture";

/** The On-Behalf-Of grant: a middle tier exchanges a user's token for it into a token for a downstream API. */
const emulator = withContractEmulator();
const MIDDLE_TIER = "e7a1c2d3-4b5f-4a6e-8c7d-9e0f1a2b3c4d";
const UNCONSENTED = "f8b2d3e4-5c6a-4b7f-9d8e-0f1a2b3c4d5e";
const OBO = "urn:ietf:params:oauth:grant-type:jwt-bearer";

beforeAll(async () => {
  const app = (clientId: string, displayName: string) => ({ clientId, displayName, secrets: [{ value: SECRET }], redirectUris: [], accessTokenAcceptedVersion: 2 as const, exposedScopes: ["Mcp.Gateway.Access"] });
  await emulator.admin.addApp(CONTOSO, app(MIDDLE_TIER, "MCP gateway (middle tier)"));
  await emulator.admin.addApp(CONTOSO, app(UNCONSENTED, "Unconsented middle tier"));
  await emulator.admin.updateApp(CONTOSO, API_V2, { exposedScopes: ["mcp.access"], authorizedClientApplications: [{ clientId: MIDDLE_TIER, scopes: ["mcp.access"] }] });
});

const userTokenFor = (api: string) =>
  entraAccessToken({ emulator, tenant: CONTOSO, oid: users.verified.oid, scope: `api://${api}/Mcp.Gateway.Access`, client: { id: PLATFORM_APP, secret: SECRET, redirectUri: REDIRECT_URI } });

async function exchange(fields: Record<string, string>) {
  const response = await emulator.postForm(`/${CONTOSO}/oauth2/v2.0/token`, { grant_type: OBO, client_secret: SECRET, requested_token_use: "on_behalf_of", ...fields });
  return { status: response.status, body: JSON.parse(response.body) as Record<string, unknown> };
}

describe("the On-Behalf-Of grant", () => {
  it("exchanges a user's token for the middle tier into a v2 token for the downstream API, for the same person", async () => {
    const incoming = await userTokenFor(MIDDLE_TIER);
    const { status, body } = await exchange({ client_id: MIDDLE_TIER, assertion: incoming, scope: `api://${API_V2}/.default` });
    expect(status).toBe(200);
    expect(body.scope).toBe(`api://${API_V2}/mcp.access`);
    expect(decodeJwt(body.access_token as string)).toMatchObject({ aud: API_V2, azp: MIDDLE_TIER, scp: "mcp.access", oid: users.verified.oid, tid: CONTOSO, ver: "2.0" });
  });

  it("refuses with AADSTS50013 a token whose audience is not the middle tier", async () => {
    const incoming = await userTokenFor(UNCONSENTED);
    const { status, body } = await exchange({ client_id: MIDDLE_TIER, assertion: incoming, scope: `api://${API_V2}/.default` });
    expect(status).toBe(400);
    expect(body).toMatchObject({ error: "invalid_grant", error_codes: [50013] });
  });

  it("refuses with AADSTS65001 consent_required a middle tier the API neither authorized nor was granted", async () => {
    const incoming = await userTokenFor(UNCONSENTED);
    const { body } = await exchange({ client_id: UNCONSENTED, assertion: incoming, scope: `api://${API_V2}/.default` });
    expect(body).toMatchObject({ error: "invalid_grant", suberror: "consent_required", error_codes: [65001] });
  });

  it("refuses with AADSTS70011 a scope that names no API", async () => {
    const incoming = await userTokenFor(MIDDLE_TIER);
    const { body } = await exchange({ client_id: MIDDLE_TIER, assertion: incoming, scope: "" });
    expect(body).toMatchObject({ error: "invalid_scope", error_codes: [70011] });
  });

  it("refuses an app-only token: OBO is for user principals", async () => {
    const appOnly = await emulator.postForm(`/${CONTOSO}/oauth2/v2.0/token`, { grant_type: "client_credentials", client_id: SINGLE_TENANT_APP, client_secret: SECRET, scope: `api://${MIDDLE_TIER}/.default` });
    const assertion = (JSON.parse(appOnly.body) as { access_token: string }).access_token;
    expect(decodeJwt(assertion)).toMatchObject({ idtyp: "app", aud: MIDDLE_TIER });
    const { body } = await exchange({ client_id: MIDDLE_TIER, assertion, scope: `api://${API_V2}/.default` });
    expect(body).toMatchObject({ error: "invalid_grant", error_codes: [7000114] });
  });
});
