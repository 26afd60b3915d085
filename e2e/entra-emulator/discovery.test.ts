import { createHash, X509Certificate } from "node:crypto";
import { describe, expect, it } from "vitest";
import { CONTOSO, PERSONAL, SECRET, SINGLE_TENANT_APP, withContractEmulator } from "./test-fixture";

const emulator = withContractEmulator();

/** Key order as Entra serves the v2 document (research 1.2). */
const V2_KEYS = [
  "token_endpoint",
  "token_endpoint_auth_methods_supported",
  "jwks_uri",
  "response_modes_supported",
  "subject_types_supported",
  "id_token_signing_alg_values_supported",
  "response_types_supported",
  "scopes_supported",
  "issuer",
  "request_uri_parameter_supported",
  "userinfo_endpoint",
  "authorization_endpoint",
  "device_authorization_endpoint",
  "http_logout_supported",
  "frontchannel_logout_supported",
  "end_session_endpoint",
  "claims_supported",
  "kerberos_endpoint",
  "tenant_region_scope",
  "cloud_instance_name",
  "cloud_graph_host_name",
  "msgraph_host",
  "rbac_url",
];

function expectedV2(origin: string, segment: string, issuerTenant: string, region: string | null) {
  return {
    token_endpoint: `${origin}/${segment}/oauth2/v2.0/token`,
    token_endpoint_auth_methods_supported: ["client_secret_post", "private_key_jwt", "client_secret_basic"],
    jwks_uri: `${origin}/${segment}/discovery/v2.0/keys`,
    response_modes_supported: ["query", "fragment", "form_post"],
    subject_types_supported: ["pairwise"],
    id_token_signing_alg_values_supported: ["RS256"],
    response_types_supported: ["code", "id_token", "code id_token", "id_token token"],
    scopes_supported: ["openid", "profile", "email", "offline_access"],
    issuer: `${origin}/${issuerTenant}/v2.0`,
    request_uri_parameter_supported: false,
    userinfo_endpoint: `${origin}/oidc/userinfo`,
    authorization_endpoint: `${origin}/${segment}/oauth2/v2.0/authorize`,
    device_authorization_endpoint: `${origin}/${segment}/oauth2/v2.0/devicecode`,
    http_logout_supported: true,
    frontchannel_logout_supported: true,
    end_session_endpoint: `${origin}/${segment}/oauth2/v2.0/logout`,
    claims_supported: [
      "sub", "iss", "cloud_instance_name", "cloud_instance_host_name", "cloud_graph_host_name", "msgraph_host", "aud", "exp",
      "iat", "auth_time", "acr", "nonce", "preferred_username", "name", "tid", "ver", "at_hash", "c_hash", "email",
    ],
    kerberos_endpoint: `${origin}/${segment}/kerberos`,
    tenant_region_scope: region,
    cloud_instance_name: "microsoftonline.com",
    cloud_graph_host_name: "graph.windows.net",
    msgraph_host: "graph.microsoft.com",
    rbac_url: "https://pas.windows.net",
  };
}

describe("v2 discovery", () => {
  it.each([
    ["common", "common", "{tenantid}", null],
    ["organizations", "organizations", "{tenantid}", null],
    ["consumers", "consumers", PERSONAL, null],
    [CONTOSO, CONTOSO, CONTOSO, "EU"],
    ["contoso.example", CONTOSO, CONTOSO, "EU"],
  ])("serves Entra's document for %s, byte for byte", async (tenant, segment, issuerTenant, region) => {
    const response = await emulator.get(`/${tenant}/v2.0/.well-known/openid-configuration`);
    expect(response.status).toBe(200);
    expect(response.body).toBe(JSON.stringify(expectedV2(emulator.url, segment, issuerTenant, region)));
    expect(Object.keys(JSON.parse(response.body))).toEqual(V2_KEYS);
  });

  it("keeps the literal {tenantid} template in the multi-tenant issuer", async () => {
    const common = JSON.parse((await emulator.get("/common/v2.0/.well-known/openid-configuration")).body);
    expect(common.issuer).toBe(`${emulator.url}/{tenantid}/v2.0`);
  });

  it("leaves out what Entra leaves out", async () => {
    for (const tenant of ["common", "organizations", "consumers", CONTOSO]) {
      const document = JSON.parse((await emulator.get(`/${tenant}/v2.0/.well-known/openid-configuration`)).body);
      for (const absent of ["code_challenge_methods_supported", "grant_types_supported", "registration_endpoint", "revocation_endpoint", "introspection_endpoint"]) {
        expect(document).not.toHaveProperty(absent);
      }
    }
  });

  it("answers with Entra's metadata headers", async () => {
    const response = await emulator.get(`/${CONTOSO}/v2.0/.well-known/openid-configuration`);
    expect(response.headers["content-type"]).toBe("application/json; charset=utf-8");
    expect(response.headers["cache-control"]).toBe("max-age=86400, private");
    expect(response.headers["access-control-allow-origin"]).toBe("*");
    expect(response.headers["access-control-allow-methods"]).toBe("GET, OPTIONS");
    expect(response.headers["strict-transport-security"]).toBe("max-age=31536000; includeSubDomains");
    expect(response.headers["x-ms-request-id"]).toMatch(/^[0-9a-f-]{36}$/);
  });
});

describe("v1 discovery", () => {
  it("states the sts.windows.net issuer, templated on common and concrete on a tenant", async () => {
    const common = JSON.parse((await emulator.get("/common/.well-known/openid-configuration")).body);
    expect(common.issuer).toBe("https://sts.windows.net/{tenantid}/");
    expect(common.jwks_uri).toBe(`${emulator.url}/common/discovery/keys`);
    const tenant = JSON.parse((await emulator.get(`/${CONTOSO}/.well-known/openid-configuration`)).body);
    expect(tenant.issuer).toBe(`https://sts.windows.net/${CONTOSO}/`);
    expect(tenant.microsoft_multi_refresh_token).toBe(true);
  });
});

describe("unknown and malformed tenants", () => {
  it.each(["3f1e5c7a-0000-4000-8000-000000000000", "nowhere.example"])("answers 400 invalid_tenant AADSTS90002 for %s", async (tenant) => {
    const response = await emulator.get(`/${tenant}/v2.0/.well-known/openid-configuration`);
    expect(response.status).toBe(400);
    const body = JSON.parse(response.body);
    expect(Object.keys(body)).toEqual(["error", "error_description", "error_codes", "timestamp", "trace_id", "correlation_id", "error_uri"]);
    expect(body.error).toBe("invalid_tenant");
    expect(body.error_codes).toEqual([90002]);
    expect(body.error_description).toMatch(
      new RegExp(`^AADSTS90002: Tenant '${tenant.replace(".", "\\.")}' not found\\. Check to make sure you have the correct tenant ID and are signing into the correct cloud\\.`),
    );
    expect(body.trace_id).toBe(response.headers["x-ms-request-id"]);
  });

  it("answers 400 invalid_request AADSTS900023 for a tenant that is not a domain name", async () => {
    const response = await emulator.get("/undefined/v2.0/.well-known/openid-configuration");
    expect(response.status).toBe(400);
    const body = JSON.parse(response.body);
    expect(body.error).toBe("invalid_request");
    expect(body.error_codes).toEqual([900023]);
    expect(body.error_description).toMatch(/^AADSTS900023: Specified tenant identifier 'undefined' is neither a valid DNS name, nor a valid external domain\.\r\n/);
  });

  it("refuses the key set of an unknown tenant the same way", async () => {
    const response = await emulator.get("/nowhere.example/discovery/v2.0/keys");
    expect(response.status).toBe(400);
    expect(JSON.parse(response.body).error_codes).toEqual([90002]);
  });
});

type Jwk = { kty: string; use: string; kid: string; x5t: string; n: string; e: string; x5c: string[]; issuer?: string };

async function keySet(path: string): Promise<Jwk[]> {
  const response = await emulator.get(path);
  expect(response.status).toBe(200);
  expect(response.headers["cache-control"]).toBe("max-age=86400, private");
  return (JSON.parse(response.body) as { keys: Jwk[] }).keys;
}

describe("key sets", () => {
  it("publishes RSA keys shaped like Entra's: kid == x5t, x5c, per-key issuer, no alg", async () => {
    const [key] = await keySet("/common/discovery/v2.0/keys");
    expect(Object.keys(key!)).toEqual(["kty", "use", "kid", "x5t", "n", "e", "x5c", "issuer"]);
    expect(key).not.toHaveProperty("alg");
    expect(key!.kty).toBe("RSA");
    expect(key!.use).toBe("sig");
    expect(key!.e).toBe("AQAB");
    expect(key!.kid).toBe(key!.x5t);
  });

  it("names each key by the SHA-1 thumbprint of its certificate, whose public key it is", async () => {
    const [key] = await keySet(`/${CONTOSO}/discovery/v2.0/keys`);
    const der = Buffer.from(key!.x5c[0]!, "base64");
    expect(key!.kid).toBe(createHash("sha1").update(der).digest("base64url"));
    const certificate = new X509Certificate(der);
    const publicJwk = certificate.publicKey.export({ format: "jwk" });
    expect(publicJwk.n).toBe(key!.n);
    expect(Buffer.from(key!.n, "base64url").length).toBe(256);
  });

  it("templates the key issuer on common and organizations, and makes it concrete on a tenant or consumers", async () => {
    expect((await keySet("/common/discovery/v2.0/keys"))[0]!.issuer).toBe(`${emulator.url}/{tenantid}/v2.0`);
    expect((await keySet("/organizations/discovery/v2.0/keys"))[0]!.issuer).toBe(`${emulator.url}/{tenantid}/v2.0`);
    expect((await keySet(`/${CONTOSO}/discovery/v2.0/keys`))[0]!.issuer).toBe(`${emulator.url}/${CONTOSO}/v2.0`);
    expect((await keySet("/contoso.example/discovery/v2.0/keys"))[0]!.issuer).toBe(`${emulator.url}/${CONTOSO}/v2.0`);
    expect((await keySet("/consumers/discovery/v2.0/keys"))[0]!.issuer).toBe(`${emulator.url}/${PERSONAL}/v2.0`);
  });

  it("serves the v1 key set without the issuer member", async () => {
    const [key] = await keySet("/common/discovery/keys");
    expect(Object.keys(key!)).toEqual(["kty", "use", "kid", "x5t", "n", "e", "x5c"]);
  });

  it("rotates: the new key signs, the old key stays published, and the signer can be switched back", async () => {
    const before = await emulator.admin.signingKeys();
    const { kid } = await emulator.admin.rotateSigningKey();
    expect(kid).not.toBe(before.active);
    const kids = (await keySet("/common/discovery/v2.0/keys")).map((k) => k.kid);
    expect(kids).toEqual([before.active, kid]);

    expect(await appToken()).toBe(kid);

    await emulator.admin.setSigningKey(before.active);
    expect(await appToken()).toBe(before.active);
    expect((await keySet("/common/discovery/v2.0/keys")).map((k) => k.kid)).toEqual([before.active, kid]);
  });
});

/** The `kid` that signs an app-only token right now. */
async function appToken(): Promise<string> {
  const response = await emulator.postForm(`/${CONTOSO}/oauth2/v2.0/token`, {
    grant_type: "client_credentials",
    client_id: SINGLE_TENANT_APP,
    client_secret: SECRET,
    scope: "https://graph.microsoft.com/.default",
  });
  const token = JSON.parse(response.body).access_token as string;
  return JSON.parse(Buffer.from(token.split(".")[0]!, "base64url").toString()).kid as string;
}
