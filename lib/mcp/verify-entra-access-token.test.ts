import { eq } from "drizzle-orm";
import { decodeJwt } from "jose";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { tenantMemberships } from "@/db/schema";
import { withTestDatabase } from "@/db/testing/test-database";
import { startEntraEmulator, type RunningEntraEmulator } from "@/e2e/entra-emulator";
import { API_V1, API_V2, CONTOSO, contractSeed, FABRIKAM, PLATFORM_APP, REDIRECT_URI, SECRET, users } from "@/e2e/entra-emulator/test-fixture";
import { entraAccessToken } from "@/e2e/support/entra-access-token";
import { emulatorFetch } from "@/e2e/support/emulator-fetch";
import { createIssuerViews } from "@/lib/signin/issuer-view";
import { createTenant } from "@/lib/testing/fixtures";
import { frozenClock } from "@/lib/time/clock";
import { saveMcpAccessConfig } from "./access-config";
import { addProvisionedUser, removeProvisionedUser } from "./provisioned-users";
import { verifyEntraAccessToken, type EntraVerifierDeps } from "./verify-entra-access-token";

/**
 * The Entra access-token verifier against the emulator over real HTTPS: tokens are real emulator tokens for the
 * contract seed's APIs (API_V2 accepts v2 tokens, API_V1 gets v1 tokens); time is a frozen Clock.
 */
const t = withTestDatabase();
let entra: RunningEntraEmulator;
let deps: EntraVerifierDeps;
let keyFetches = 0;
let entraDown = false;
const clock = frozenClock(new Date());
const workspace = { id: "", key: "contoso-mcp" };
const legacy = { id: "", key: "contoso-legacy" };

const tokenFor = (scope: string, oid = users.verified.oid, tenant = CONTOSO) =>
  entraAccessToken({ emulator: entra, tenant, oid, scope, client: { id: PLATFORM_APP, secret: SECRET, redirectUri: REDIRECT_URI } });

beforeAll(async () => {
  entra = await startEntraEmulator({ seed: contractSeed(), port: 0 });
  const reach = emulatorFetch(entra.caPem, (url) => (keyFetches += url.includes("/keys") ? 1 : 0));
  const fetch = (url: string, init?: RequestInit) => (entraDown ? Promise.reject(new TypeError("fetch failed")) : reach(url, init));
  // Views and keys on the frozen clock: fresh for 10 minutes, an unknown kid refetches at most every 30 seconds.
  deps = { db: t.db, views: createIssuerViews({ fetch, now: () => clock.now().getTime() }), authorityHost: entra.url, clock };
  workspace.id = (await createTenant(t.db, workspace.key)).id;
  legacy.id = (await createTenant(t.db, legacy.key)).id;
  await saveMcpAccessConfig(t.db, { tenantId: workspace.id, entraTenantId: CONTOSO, audience: API_V2, requiredScope: "mcp.access", acceptV1Tokens: false }, null, clock.now());
  await addProvisionedUser(t.db, { tenantId: workspace.id, workspaceKey: workspace.key, entraTenantId: CONTOSO }, { oid: users.verified.oid, email: "megan@contoso.example" }, null, clock.now());
  await addProvisionedUser(t.db, { tenantId: legacy.id, workspaceKey: legacy.key, entraTenantId: CONTOSO }, { oid: users.verified.oid, email: "megan@contoso.example" }, null, clock.now());
});
afterAll(() => entra?.stop());
beforeEach(() => clock.set(new Date()));

describe("verifyEntraAccessToken", () => {
  it("accepts a v2 token for the workspace's MCP API with the required scope, as the provisioned person", async () => {
    const result = await verifyEntraAccessToken(deps, await tokenFor(`api://${API_V2}/mcp.access`));
    expect(result).toMatchObject({
      ok: true,
      principal: { kind: "user", workspace: { id: workspace.id, key: workspace.key }, email: "megan@contoso.example", scopes: ["mcp.access"], entra: { tid: CONTOSO, oid: users.verified.oid } },
    });
  });

  it("adds the MCP scopes the person's groups give in the workspace (group mappings, kept on the membership) to the token's", async () => {
    await t.db.update(tenantMemberships).set({ groupScopes: "files.read mcp.access" }).where(eq(tenantMemberships.tenantId, workspace.id));
    try {
      const result = await verifyEntraAccessToken(deps, await tokenFor(`api://${API_V2}/mcp.access`));
      expect(result).toMatchObject({ ok: true, principal: { scopes: ["mcp.access", "files.read"] } });
    } finally {
      await t.db.update(tenantMemberships).set({ groupScopes: "" }).where(eq(tenantMemberships.tenantId, workspace.id));
    }
  });

  it("refuses a token whose audience is an API no workspace configured for its directory", async () => {
    const token = await tokenFor(`api://${API_V1}/mcp.access`);
    expect(decodeJwt(token).aud).not.toBe(API_V2);
    expect(await verifyEntraAccessToken(deps, token)).toMatchObject({ ok: false, status: 401, reason: "no_workspace_for_directory_and_audience" });
  });

  it("refuses with 403 insufficient_scope a token without the required scope", async () => {
    const result = await verifyEntraAccessToken(deps, await tokenFor(`api://${API_V2}/files.read`));
    expect(result).toMatchObject({ ok: false, status: 403, error: "insufficient_scope", reason: "scope_missing" });
  });

  it("refuses a token from another Entra directory for the same API", async () => {
    await entra.admin.updateApp(CONTOSO, API_V2, { multiTenant: true });
    try {
      const token = await tokenFor(`api://${API_V2}/mcp.access`, users.stranger.oid, FABRIKAM);
      expect(decodeJwt(token)).toMatchObject({ tid: FABRIKAM, aud: API_V2 });
      expect(await verifyEntraAccessToken(deps, token)).toMatchObject({ ok: false, status: 401, reason: "no_workspace_for_directory_and_audience", facts: { tid: FABRIKAM } });
    } finally {
      await entra.admin.updateApp(CONTOSO, API_V2, { multiTenant: false });
    }
  });

  it("refuses a token presented on another workspace's MCP URL", async () => {
    const result = await verifyEntraAccessToken(deps, await tokenFor(`api://${API_V2}/mcp.access`), { workspaceKey: legacy.key });
    expect(result).toMatchObject({ ok: false, status: 401, reason: "other_workspace" });
  });

  it("refuses an expired token once the 60-second skew has passed, and accepts it within the skew", async () => {
    const token = await tokenFor(`api://${API_V2}/mcp.access`);
    const exp = decodeJwt(token).exp!;
    clock.set(new Date((exp + 59) * 1000));
    expect(await verifyEntraAccessToken(deps, token)).toMatchObject({ ok: true });
    clock.set(new Date((exp + 60) * 1000));
    expect(await verifyEntraAccessToken(deps, token)).toMatchObject({ ok: false, status: 401, reason: "expired" });
  });

  it("refuses a token that is not valid yet beyond the skew", async () => {
    const token = await tokenFor(`api://${API_V2}/mcp.access`);
    clock.set(new Date((decodeJwt(token).nbf! - 61) * 1000));
    expect(await verifyEntraAccessToken(deps, token)).toMatchObject({ ok: false, reason: "not_yet_valid" });
  });

  it("refuses a token whose signature does not verify with the directory's key", async () => {
    const [header, payload, signature] = (await tokenFor(`api://${API_V2}/mcp.access`)).split(".");
    const bytes = Buffer.from(signature!, "base64url");
    bytes[10] = bytes[10]! ^ 0xff;
    const result = await verifyEntraAccessToken(deps, `${header}.${payload}.${bytes.toString("base64url")}`);
    expect(result).toMatchObject({ ok: false, status: 401, reason: "signature_signature_invalid" });
  });

  it("refuses a token that names an algorithm other than RS256 (none, or HS256 with the public key as secret)", async () => {
    const [, payload] = (await tokenFor(`api://${API_V2}/mcp.access`)).split(".");
    for (const alg of ["none", "HS256"]) {
      const header = Buffer.from(JSON.stringify({ typ: "JWT", alg })).toString("base64url");
      expect(await verifyEntraAccessToken(deps, `${header}.${payload}.`)).toMatchObject({ ok: false, status: 401, reason: "signature_alg_not_allowed" });
    }
  });

  it("refuses a token whose claims were changed after signing", async () => {
    const [header, payload, signature] = (await tokenFor(`api://${API_V2}/files.read`)).split(".");
    const claims = JSON.parse(Buffer.from(payload!, "base64url").toString("utf8")) as Record<string, unknown>;
    const forged = Buffer.from(JSON.stringify({ ...claims, scp: "mcp.access" })).toString("base64url");
    expect(await verifyEntraAccessToken(deps, `${header}.${forged}.${signature}`)).toMatchObject({ ok: false, reason: "signature_signature_invalid" });
  });

  it("picks up a rotated Entra signing key by refetching the directory's keys", async () => {
    await verifyEntraAccessToken(deps, await tokenFor(`api://${API_V2}/mcp.access`));
    const before = keyFetches;
    await entra.admin.rotateSigningKey();
    expect(await verifyEntraAccessToken(deps, await tokenFor(`api://${API_V2}/mcp.access`))).toMatchObject({ ok: true });
    expect(keyFetches).toBe(before + 1);
  });

  it("refuses a token signed with a key the directory never published, refetching the keys once per cooldown", async () => {
    const good = await tokenFor(`api://${API_V2}/mcp.access`);
    await verifyEntraAccessToken(deps, good);
    const [, payload, signature] = good.split(".");
    const header = Buffer.from(JSON.stringify({ typ: "JWT", alg: "RS256", kid: "never-published" })).toString("base64url");
    const forged = `${header}.${payload}.${signature}`;
    clock.advance(31_000);
    const before = keyFetches;
    expect(await verifyEntraAccessToken(deps, forged)).toMatchObject({ ok: false, status: 401, reason: "signature_kid_unknown" });
    expect(await verifyEntraAccessToken(deps, forged)).toMatchObject({ ok: false, reason: "signature_kid_unknown" });
    expect(keyFetches).toBe(before + 1);
  });

  it("keeps accepting tokens with the keys it has while Entra is unreachable", async () => {
    const token = await tokenFor(`api://${API_V2}/mcp.access`);
    expect(await verifyEntraAccessToken(deps, token)).toMatchObject({ ok: true });
    entraDown = true;
    try {
      clock.advance(11 * 60_000); // past the keys' freshness: a refetch is attempted and fails
      expect(await verifyEntraAccessToken(deps, token)).toMatchObject({ ok: true });
    } finally {
      entraDown = false;
    }
  });

  it("refuses a v1 token while the workspace does not accept v1, telling the admin to request v2 tokens", async () => {
    await saveMcpAccessConfig(t.db, { tenantId: legacy.id, entraTenantId: CONTOSO, audience: API_V1, requiredScope: "mcp.access", acceptV1Tokens: false }, null, clock.now());
    const token = await tokenFor(`api://${API_V1}/mcp.access`);
    expect(decodeJwt(token)).toMatchObject({ ver: "1.0", iss: `https://sts.windows.net/${CONTOSO}/` });
    expect(await verifyEntraAccessToken(deps, token)).toMatchObject({ ok: false, status: 401, reason: "v1_token_not_accepted", message: "mcp_token_v1_not_accepted" });
  });

  it("accepts a v1 token (audience api://<GUID>) where the workspace accepts v1", async () => {
    await saveMcpAccessConfig(t.db, { tenantId: legacy.id, entraTenantId: CONTOSO, audience: API_V1, requiredScope: "mcp.access", acceptV1Tokens: true }, null, clock.now());
    const token = await tokenFor(`api://${API_V1}/mcp.access`);
    expect(decodeJwt(token).aud).toBe(`api://${API_V1}`);
    expect(await verifyEntraAccessToken(deps, token)).toMatchObject({ ok: true, principal: { workspace: { key: legacy.key } } });
  });

  it("refuses a valid token of a person who is not provisioned, and one removed a moment ago", async () => {
    const token = await tokenFor(`api://${API_V2}/mcp.access`);
    const stranger = await tokenFor(`api://${API_V2}/mcp.access`, users.unverified.oid);
    expect(await verifyEntraAccessToken(deps, stranger)).toMatchObject({ ok: false, status: 401, reason: "user_not_provisioned" });
    await removeProvisionedUser(t.db, workspace.id, users.verified.oid);
    try {
      expect(await verifyEntraAccessToken(deps, token)).toMatchObject({ ok: false, reason: "user_not_provisioned" });
    } finally {
      await addProvisionedUser(t.db, { tenantId: workspace.id, workspaceKey: workspace.key, entraTenantId: CONTOSO }, { oid: users.verified.oid, email: "megan@contoso.example" }, null, clock.now());
    }
  });

  it("refuses something that is not a JWT", async () => {
    expect(await verifyEntraAccessToken(deps, "not.a.jwt")).toMatchObject({ ok: false, status: 401, reason: "malformed" });
  });
});
