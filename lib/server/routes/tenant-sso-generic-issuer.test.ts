import { createServer } from "node:https";
import type { AddressInfo } from "node:net";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from "vitest";
import { auditEvents, sessions, tenantDomains, tenantMemberships, tenantSsoConfigs, users } from "@/db/schema";
import { withTestDatabase } from "@/db/testing/test-database";
import { createTlsMaterial, type TlsMaterial } from "@/e2e/entra-emulator/certificates";
import { startOidcTestIssuer, type RunningTestIssuer, type TestIssuerOptions } from "@/e2e/oidc-test-issuer/index";
import { signInAtTestIssuer } from "@/e2e/oidc-test-issuer/sign-in-client";
import { emulatorFetch } from "@/e2e/support/emulator-fetch";
import { createIdpFetchCache } from "@/lib/oidc/idp-fetch";
import { tenantCookieNames } from "@/lib/auth/cookie-names";
import { parseSettings } from "@/lib/config/settings";
import { encryptSecret, secretKey } from "@/lib/crypto/secret-box";
import type { Answer } from "@/lib/server/http-exchange";
import { createIssuerViews } from "@/lib/signin/issuer-view";
import { idpMessage } from "@/lib/errors/user-messages";
import { idpNameByKey } from "@/lib/sso/idp-name-by-key";
import { forgetTenantSso } from "@/lib/sso/tenant-sso-cache";
import { runTestConnection, type SsoContext } from "@/lib/sso/tenant-sso-config";
import { createTenant } from "@/lib/testing/fixtures";
import { systemClock } from "@/lib/time/clock";
import { createRouteContext, type RouteContext } from "./route-context";
import { cookiesSetBy, getExchange } from "./testing/plain-exchange";
import { startTenantSsoSignIn, tenantSignInCallback } from "./tenant-sign-in";

/**
 * Tenant SSO through a generic OpenID Connect issuer — panva's certified oidc-provider, started here on loopback
 * over HTTPS — driven through Gatehouse's route functions with no server and no browser. Each scenario is a way real
 * issuers (Okta, Auth0, Keycloak, Google Workspace) hand out e-mail and roles.
 */
const t = withTestDatabase();
const PUBLIC_URL = "https://broker.example";
const routeGet = (path: string, cookies?: Map<string, string>) => getExchange(new URL(path, PUBLIC_URL).href, cookies, "192.0.2.20");
const COOKIE = tenantCookieNames(true);
const SECRET = "generic-issuer-client-secret-0001";
const encryption = secretKey(Buffer.alloc(32, 9));
let tls: TlsMaterial;
let context: RouteContext;
const issuers: RunningTestIssuer[] = [];

beforeAll(async () => {
  tls = await createTlsMaterial(new Date());
  const settings = parseSettings({
    NODE_ENV: "production",
    API_PUBLIC_URL: PUBLIC_URL,
    AUTH_SECRET: "generic-issuer-auth-secret-0123456789abcdef",
    MGMT_AUTH_SECRET: "generic-issuer-console-secret-0123456789ab",
    SECRET_ENCRYPTION_KEY: Buffer.alloc(32, 9).toString("base64"),
  });
  // Through the IdP fetch the server uses: a connection that fails is an unreachable issuer, as in production.
  const fetch = createIdpFetchCache()(emulatorFetch(tls.caPem) as typeof globalThis.fetch, "generic-issuer-test");
  const engine = { views: createIssuerViews({ fetch }), fetch };
  context = createRouteContext(settings, t.db, undefined, systemClock, { fetch: engine.fetch, views: engine.views });
});
afterAll(async () => {
  await Promise.all(issuers.map((i) => i.stop()));
});

/** A workspace `key` on `domain`, signing in through a freshly started issuer configured as `issuer` says. */
async function workspaceWithIssuer(key: string, domain: string, issuer: Omit<TestIssuerOptions, "clients" | "tls">, card: { roleClaim?: string; unmatchedRole?: "refuse" | "member" } = {}) {
  const running = await startOidcTestIssuer({ ...issuer, tls, clients: [{ clientId: `${key}-client`, clientSecret: SECRET, redirectUris: [`${PUBLIC_URL}/api/v1/auth/callback/t-${key}`] }] });
  issuers.push(running);
  const tenant = await createTenant(t.db, key, key);
  await t.db.insert(tenantDomains).values({ domain, tenantId: tenant.id, verifiedAt: new Date() });
  await t.db.insert(tenantSsoConfigs).values({
    tenantId: tenant.id,
    kind: "oidc",
    issuerUrl: running.issuer,
    clientId: `${key}-client`,
    clientSecretEncrypted: encryptSecret(SECRET, tenant.id, encryption),
    enabled: true,
    ...card,
  });
  forgetTenantSso(key);
  return { tenant, issuer: running };
}



/** The whole sign-in: start with the typed address as login_hint, the issuer, the callback. */
async function signIn(key: string, email: string): Promise<Answer> {
  const started = await startTenantSsoSignIn(context, routeGet(`/api/v1/auth/sso/${key}/login?login_hint=${encodeURIComponent(email)}`), key);
  expect(started.status).toBe(307);
  const flowCookie = cookiesSetBy(started).get(COOKIE.state)!;
  const callback = await signInAtTestIssuer(started.headers.location as string, { caPem: tls.caPem });
  return tenantSignInCallback(context, routeGet(`${callback.pathname}${callback.search}`, new Map([[COOKIE.state, flowCookie]])), `t-${key}`);
}

async function signedIn(answer: Answer) {
  expect(answer.headers.location, String(answer.headers.location)).toBe(`${PUBLIC_URL}/auth/callback`);
  const [session] = await t.db.select().from(sessions).where(eq(sessions.sessionToken, cookiesSetBy(answer).get(COOKIE.sessionToken)!));
  const [user] = await t.db.select().from(users).where(eq(users.id, session!.userId));
  const [membership] = await t.db.select().from(tenantMemberships).where(eq(tenantMemberships.userId, user!.id));
  return { user: user!, session: session!, role: membership?.role };
}

describe("tenant SSO through a generic OpenID Connect issuer", () => {
  it("signs in someone whose e-mail and roles the issuer puts only in UserInfo", async () => {
    const { tenant } = await workspaceWithIssuer("userinfo-ws", "userinfo.example", {
      claimsIn: "userinfo",
      people: [{ loginHint: "ula@userinfo.example", sub: "ula-1", claims: { email: "ula@userinfo.example", email_verified: true, name: "Ula Info", roles: ["Gatehouse.Admin"] } }],
    });
    const { user, session, role } = await signedIn(await signIn("userinfo-ws", "ula@userinfo.example"));
    expect(user).toMatchObject({ name: "Ula Info", email: "ula@userinfo.example" });
    expect(session.tenantId).toBe(tenant.id);
    expect(role).toBe("admin");
  });

  it("signs in someone whose single role the issuer sends as a string", async () => {
    await workspaceWithIssuer("string-role-ws", "stringrole.example", {
      claimsIn: "id_token",
      people: [{ loginHint: "sam@stringrole.example", sub: "sam-1", claims: { email: "sam@stringrole.example", name: "Sam String", roles: "Gatehouse.Admin" } }],
    });
    expect((await signedIn(await signIn("string-role-ws", "sam@stringrole.example"))).role).toBe("admin");
  });

  it("signs in someone whose roles the issuer sends in groups, when the card names that claim", async () => {
    await workspaceWithIssuer(
      "groups-ws",
      "groups.example",
      { claimsIn: "id_token", people: [{ loginHint: "gil@groups.example", sub: "gil-1", claims: { email: "gil@groups.example", name: "Gil Groups", groups: ["Everyone", "Gatehouse.Member"] } }] },
      { roleClaim: "groups" },
    );
    expect((await signedIn(await signIn("groups-ws", "gil@groups.example"))).role).toBe("member");
  });

  it("refuses someone without a matching role by default, naming the issuer, and admits them as a member when the card says so", async () => {
    const { tenant, issuer } = await workspaceWithIssuer("norole-ws", "norole.example", {
      claimsIn: "id_token",
      people: [{ loginHint: "nora@norole.example", sub: "nora-1", claims: { email: "nora@norole.example", name: "Nora None", groups: ["Everyone"] } }],
    });
    const refused = new URL((await signIn("norole-ws", "nora@norole.example")).headers.location as string);
    expect(refused.pathname).toBe("/login");
    expect(Object.fromEntries(refused.searchParams)).toMatchObject({ error: "sso_no_supported_role_named", workspace: "norole-ws" });
    const [event] = await t.db.select().from(auditEvents).where(eq(auditEvents.reference, refused.searchParams.get("ref")!));
    expect(event).toMatchObject({ outcome: "failure", tenantId: tenant.id, actorLabel: `${issuer.issuer}#nora-1`, detail: { reason: "no_supported_role" } });

    await t.db.update(tenantSsoConfigs).set({ unmatchedRole: "member" }).where(eq(tenantSsoConfigs.tenantId, tenant.id));
    forgetTenantSso("norole-ws");
    expect((await signedIn(await signIn("norole-ws", "nora@norole.example"))).role).toBe("member");
  });
});

describe("refusals of a generic issuer's sign-in name that issuer, not Microsoft", () => {
  it("an issuer that is down is named by its display name", async () => {
    // An issuer in an outage: every answer is a 503.
    const down = createServer({ key: tls.privateKeyPem, cert: tls.certificatePem }, (_req, res) => {
      res.statusCode = 503;
      res.end();
    });
    await new Promise<void>((resolve) => down.listen(0, "127.0.0.1", resolve));
    onTestFinished(() => new Promise<void>((resolve) => down.close(() => resolve())));
    const tenant = await createTenant(t.db, "gone-ws", "Gone");
    await t.db.insert(tenantDomains).values({ domain: "gone.example", tenantId: tenant.id, verifiedAt: new Date() });
    await t.db.insert(tenantSsoConfigs).values({
      tenantId: tenant.id,
      kind: "oidc",
      issuerUrl: `https://localhost:${(down.address() as AddressInfo).port}`,
      clientId: "gone-client",
      clientSecretEncrypted: encryptSecret(SECRET, tenant.id, encryption),
      enabled: true,
      displayName: "Gone SSO",
    });
    forgetTenantSso("gone-ws");
    const answer = await startTenantSsoSignIn(context, routeGet("/api/v1/auth/sso/gone-ws/login?login_hint=x%40gone.example"), "gone-ws");
    const location = new URL(answer.headers.location as string);
    expect(location.pathname).toBe("/login");
    expect(Object.fromEntries(location.searchParams)).toMatchObject({ error: "sso_idp_unreachable_named", workspace: "gone-ws" });
    expect(idpMessage("sso_idp_unreachable_named", (await idpNameByKey(t.db, "gone-ws"))!)).toBe("Gone SSO is unreachable, try again.");
  });
});

describe("Test connection for a generic issuer", () => {
  const ctxFor = (tenantId: string, key: string): SsoContext => ({
    db: t.db,
    tenantId,
    actorId: "admin",
    clientIp: "192.0.2.20",
    key: encryption,
    keys: [encryption],
    authorityHost: "https://login.microsoftonline.com",
    production: true,
    clock: systemClock,
    callbackUrl: `${PUBLIC_URL}/api/v1/auth/callback/t-${key}`,
    fetch: emulatorFetch(tls.caPem) as typeof fetch,
  });
  const form = (issuer: string, key: string, secret: string) => ({
    kind: "oidc" as const,
    entraTenantId: null,
    issuerUrl: issuer,
    clientId: `${key}-client`,
    clientSecret: secret,
    clientSecretExpiresAt: null,
    adminRoleValue: "Gatehouse.Admin",
    memberRoleValue: "Gatehouse.Member",
    roleClaim: "roles",
    unmatchedRole: "refuse" as const,
    displayName: null,
    enabled: false,
  });

  it("verifies the client credentials, not only discovery: a wrong secret is \"Client secret is invalid\"", async () => {
    const { tenant, issuer } = await workspaceWithIssuer("testconn-ws", "testconn.example", { claimsIn: "id_token", people: [] });
    expect(await runTestConnection(ctxFor(tenant.id, "testconn-ws"), form(issuer.issuer, "testconn-ws", SECRET))).toEqual({ ok: true, message: "Connection verified" });
    expect(await runTestConnection(ctxFor(tenant.id, "testconn-ws"), form(issuer.issuer, "testconn-ws", "not-the-secret"))).toMatchObject({ ok: false, code: "secret_invalid", message: "Client secret is invalid" });
  });
});
