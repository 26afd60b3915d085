import { describe, expect, it } from "vitest";
import {
  API_V2,
  claimsOf,
  CONTOSO,
  EXPIRED_SECRET_APP,
  FABRIKAM,
  headerOf,
  OTHER_MULTI_TENANT_APP,
  SECRET,
  SINGLE_TENANT_APP,
  withContractEmulator,
} from "./test-fixture";

const emulator = withContractEmulator();

function clientCredentials(tenant: string, fields: Record<string, string>, headers: Record<string, string> = {}) {
  return emulator.postForm(
    `/${tenant}/oauth2/v2.0/token`,
    { grant_type: "client_credentials", client_id: SINGLE_TENANT_APP, client_secret: SECRET, scope: "https://graph.microsoft.com/.default", ...fields },
    headers,
  );
}

const ERROR_KEYS = ["error", "error_description", "error_codes", "timestamp", "trace_id", "correlation_id", "error_uri"];

describe("client credentials", () => {
  it("answers exactly {token_type, expires_in, ext_expires_in, access_token}", async () => {
    const response = await clientCredentials(CONTOSO, {});
    expect(response.status).toBe(200);
    expect(response.headers["cache-control"]).toBe("no-store, no-cache");
    expect(response.headers.pragma).toBe("no-cache");
    expect(response.headers.expires).toBe("-1");
    const body = JSON.parse(response.body);
    expect(Object.keys(body)).toEqual(["token_type", "expires_in", "ext_expires_in", "access_token"]);
    expect(response.body).toBe(`{"token_type":"Bearer","expires_in":3599,"ext_expires_in":3599,"access_token":"${body.access_token}"}`);
  });

  it("issues Graph a v1 app-only token with the app's permissions as roles", async () => {
    const token = JSON.parse((await clientCredentials(CONTOSO, {})).body).access_token as string;
    expect(headerOf(token)).toEqual({ typ: "JWT", alg: "RS256", x5t: expect.any(String), kid: expect.any(String) });
    const claims = claimsOf(token);
    expect(claims).toMatchObject({
      aud: "00000003-0000-0000-c000-000000000000",
      iss: `https://sts.windows.net/${CONTOSO}/`,
      appid: SINGLE_TENANT_APP,
      appidacr: "1",
      idtyp: "app",
      roles: ["Directory.Read.All", "User.Read.All"],
      tid: CONTOSO,
      ver: "1.0",
    });
    expect(claims.sub).toBe(claims.oid);
    expect(claims).not.toHaveProperty("scp");
  });

  it("issues a v2 app-only token for an API that accepts v2", async () => {
    const token = JSON.parse((await clientCredentials(CONTOSO, { scope: "api://gatehouse-mcp/.default" })).body).access_token as string;
    expect(claimsOf(token)).toMatchObject({ aud: API_V2, azp: SINGLE_TENANT_APP, azpacr: "1", idtyp: "app", iss: `${emulator.url}/${CONTOSO}/v2.0`, ver: "2.0" });
  });

  it("refuses a scope without /.default with 400 invalid_scope AADSTS1002012", async () => {
    const response = await clientCredentials(CONTOSO, { scope: "https://graph.microsoft.com/User.Read" });
    expect(response.status).toBe(400);
    const body = JSON.parse(response.body);
    expect(body.error).toBe("invalid_scope");
    expect(body.error_codes).toEqual([1002012]);
    expect(body.error_description).toMatch(
      /^AADSTS1002012: The provided value for scope https:\/\/graph\.microsoft\.com\/User\.Read is not valid\. Client credential flows must have a scope value with \/\.default suffixed to the resource identifier \(application ID URI\)\.\r\n/,
    );
  });
});

describe("Entra's errors", () => {
  it("answers a wrong secret with 401 invalid_client AADSTS7000215 in Entra's exact JSON shape", async () => {
    const correlationId = "aaaa0000-bb11-2222-33cc-444444dddddd";
    const response = await clientCredentials(CONTOSO, { client_secret: "not-the-secret" }, { "client-request-id": correlationId });
    expect(response.status).toBe(401);
    expect(response.headers["cache-control"]).toBe("no-store, no-cache");
    expect(response.headers["content-type"]).toBe("application/json; charset=utf-8");
    const body = JSON.parse(response.body);
    expect(Object.keys(body)).toEqual(ERROR_KEYS);
    expect(body.error).toBe("invalid_client");
    expect(body.error_codes).toEqual([7000215]);
    expect(body.trace_id).toBe(response.headers["x-ms-request-id"]);
    expect(body.correlation_id).toBe(correlationId);
    expect(response.headers["client-request-id"]).toBe(correlationId);
    expect(body.timestamp).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\dZ$/);
    expect(body.error_uri).toBe("https://login.microsoftonline.com/error?code=7000215");
    expect(body.error_description).toBe(
      `AADSTS7000215: Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '${SINGLE_TENANT_APP}'.` +
        `\r\nTrace ID: ${body.trace_id}\r\nCorrelation ID: ${correlationId}\r\nTimestamp: ${body.timestamp}`,
    );
  });

  it("answers an expired secret with 401 invalid_client AADSTS7000222", async () => {
    const response = await clientCredentials(CONTOSO, { client_id: EXPIRED_SECRET_APP });
    expect(response.status).toBe(401);
    const body = JSON.parse(response.body);
    expect(body).toMatchObject({ error: "invalid_client", error_codes: [7000222] });
    expect(body.error_description).toMatch(new RegExp(`^AADSTS7000222: The provided client secret keys for app '${EXPIRED_SECRET_APP}' are expired\\.`));
  });

  it("expires a secret on request through the admin API", async () => {
    await emulator.admin.addApp(CONTOSO, { clientId: "d1e2f3a4-b5c6-4d7e-8f90-a1b2c3d4e5f6", displayName: "Short-lived", secrets: [{ value: SECRET }], redirectUris: [] });
    const request = () => clientCredentials(CONTOSO, { client_id: "d1e2f3a4-b5c6-4d7e-8f90-a1b2c3d4e5f6" });
    expect((await request()).status).toBe(200);
    await emulator.admin.expireSecret(CONTOSO, "d1e2f3a4-b5c6-4d7e-8f90-a1b2c3d4e5f6");
    const expired = await request();
    expect(expired.status).toBe(401);
    expect(JSON.parse(expired.body).error_codes).toEqual([7000222]);
  });

  it("answers an app that is not in the tenant with 400 unauthorized_client AADSTS700016", async () => {
    const response = await clientCredentials(FABRIKAM, {});
    expect(response.status).toBe(400);
    const body = JSON.parse(response.body);
    expect(body).toMatchObject({ error: "unauthorized_client", error_codes: [700016] });
    expect(body.error_description).toMatch(new RegExp(`^AADSTS700016: Application with identifier '${SINGLE_TENANT_APP}' was not found in the directory 'Fabrikam'\\.`));
  });

  it("lets a multi-tenant app get app-only tokens in another seeded tenant", async () => {
    const response = await clientCredentials(FABRIKAM, { client_id: OTHER_MULTI_TENANT_APP });
    expect(response.status).toBe(200);
    expect(claimsOf(JSON.parse(response.body).access_token)).toMatchObject({ tid: FABRIKAM, appid: OTHER_MULTI_TENANT_APP });
  });

  it("answers an unknown tenant at the token endpoint with 400 invalid_request AADSTS90002", async () => {
    const response = await clientCredentials("3f1e5c7a-0000-4000-8000-000000000000", {});
    expect(response.status).toBe(400);
    expect(JSON.parse(response.body)).toMatchObject({ error: "invalid_request", error_codes: [90002] });
  });

  it("answers an unsupported grant type with unsupported_grant_type", async () => {
    const response = await clientCredentials(CONTOSO, { grant_type: "password" });
    expect(response.status).toBe(400);
    expect(JSON.parse(response.body)).toMatchObject({ error: "unsupported_grant_type", error_codes: [70003] });
  });
});

describe("the request log", () => {
  it("counts outbound calls by kind of endpoint", async () => {
    await emulator.admin.resetRequests();
    await emulator.get("/common/v2.0/.well-known/openid-configuration");
    await emulator.get("/common/discovery/v2.0/keys");
    await emulator.get("/common/discovery/v2.0/keys");
    await clientCredentials(CONTOSO, {});
    const counts = await emulator.admin.requestCounts();
    expect(counts).toMatchObject({ discovery: 1, keys: 2, token: 1, authorize: 0 });
    const last = (await emulator.admin.lastRequests(1))[0]!;
    expect(last).toMatchObject({ kind: "token", method: "POST", path: `/${CONTOSO}/oauth2/v2.0/token`, status: 200, grantType: "client_credentials" });
  });
});
