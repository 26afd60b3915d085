import { and, eq } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { auditEvents, groupMappings, sessions, tenantDomains, tenantMemberships, tenantSsoConfigs } from "@/db/schema";
import { withTestDatabase } from "@/db/testing/test-database";
import { signInThroughAccountPicker, startEntraEmulator, type RunningEntraEmulator } from "@/e2e/entra-emulator";
import { generatedGroupIds } from "@/e2e/entra-emulator/seed";
import { CONTOSO, contractSeed, SECRET } from "@/e2e/entra-emulator/test-fixture";
import { emulatorFetch } from "@/e2e/support/emulator-fetch";
import { tenantCookieNames } from "@/lib/auth/cookie-names";
import { parseSettings } from "@/lib/config/settings";
import { encryptSecret, secretKey } from "@/lib/crypto/secret-box";
import { addGroupMapping } from "@/lib/groups/group-mappings";
import { createIdpFetchCache } from "@/lib/oidc/idp-fetch";
import type { Answer } from "@/lib/server/http-exchange";
import { createIssuerViews } from "@/lib/signin/issuer-view";
import { forgetTenantSso } from "@/lib/sso/tenant-sso-cache";
import { createTenant } from "@/lib/testing/fixtures";
import { systemClock } from "@/lib/time/clock";
import { createRouteContext, type RouteContext } from "./route-context";
import { cookiesSetBy, getExchange } from "./testing/plain-exchange";
import { startTenantSsoSignIn, tenantSignInCallback } from "./tenant-sign-in";

/**
 * Tenant SSO on Microsoft Entra ID with group mappings, through the route functions against the Entra emulator and
 * its Microsoft Graph over real HTTPS: groups from the token, groups overage resolved through Graph, and what a
 * sign-in does when Graph cannot answer.
 */
const t = withTestDatabase();
const PUBLIC_URL = "https://broker.example";
const COOKIE = tenantCookieNames(true);
const routeGet = (path: string, cookies?: Map<string, string>) => getExchange(new URL(path, PUBLIC_URL).href, cookies, "192.0.2.30");
const encryption = secretKey(Buffer.alloc(32, 3));
const SSO_APP = "2b7c4d1e-6f8a-4b3c-9d0e-1f2a3b4c5d6e";
const people = {
  few: { oid: "a1b2c3d4-0001-4000-8000-000000000001", name: "Few Groups", preferredUsername: "few@contoso.example", email: "few@contoso.example", emailDomainVerified: true },
  many: { oid: "a1b2c3d4-0002-4000-8000-000000000002", name: "Many Groups", preferredUsername: "many@contoso.example", email: "many@contoso.example", emailDomainVerified: true },
  newcomer: { oid: "a1b2c3d4-0003-4000-8000-000000000003", name: "New Person", preferredUsername: "new@contoso.example", email: "new@contoso.example", emailDomainVerified: true },
};
const manyGroups = generatedGroupIds(CONTOSO, people.many.oid, 250);
const newcomerGroups = generatedGroupIds(CONTOSO, people.newcomer.oid, 250);
/** A group on Graph's third page (the emulator pages by 100). */
const ADMINS = manyGroups[240]!;
const MEMBERS = "62c07ac1-03d0-4924-90c7-a0255f23bd1d";
let entra: RunningEntraEmulator;
let context: RouteContext;
let tenantId = "";

beforeAll(async () => {
  const seed = contractSeed();
  const contoso = seed.tenants.find((tenant) => tenant.id === CONTOSO)!;
  contoso.users.push({ ...people.few, groups: [MEMBERS, ADMINS] }, { ...people.many, groups: manyGroups }, { ...people.newcomer, groups: newcomerGroups });
  contoso.apps.push({ clientId: SSO_APP, displayName: "Gatehouse SSO", secrets: [{ value: SECRET }], redirectUris: [`${PUBLIC_URL}/api/v1/auth/callback/t-groups-ws`], groupMembershipClaims: "SecurityGroup" });
  entra = await startEntraEmulator({ seed, port: 0 });
  const settings = parseSettings({
    NODE_ENV: "production",
    API_PUBLIC_URL: PUBLIC_URL,
    MS_AUTHORITY_HOST: entra.url,
    MS_GRAPH_HOST: entra.url,
    AUTH_SECRET: "groups-test-auth-secret-0123456789abcdef",
    MGMT_AUTH_SECRET: "groups-test-console-secret-0123456789abc",
    SECRET_ENCRYPTION_KEY: Buffer.alloc(32, 3).toString("base64"),
  });
  const fetch = createIdpFetchCache()(emulatorFetch(entra.caPem) as typeof globalThis.fetch, "groups-test");
  context = createRouteContext(settings, t.db, undefined, systemClock, { fetch, views: createIssuerViews({ fetch }) });
  const tenant = await createTenant(t.db, "groups-ws", "Groups");
  tenantId = tenant.id;
  await t.db.insert(tenantDomains).values({ domain: "contoso.example", tenantId, verifiedAt: new Date() });
  await t.db.insert(tenantSsoConfigs).values({ tenantId, kind: "entra", entraTenantId: CONTOSO, clientId: SSO_APP, clientSecretEncrypted: encryptSecret(SECRET, tenantId, encryption), enabled: true });
  forgetTenantSso("groups-ws");
});
afterAll(() => entra?.stop());
afterEach(async () => {
  await entra.admin.setGraphMode(null);
  await t.db.update(tenantSsoConfigs).set({ unmatchedRole: "refuse" }).where(eq(tenantSsoConfigs.tenantId, tenantId));
  forgetTenantSso("groups-ws");
});

/** Writes the mappings straight into the database, as another instance would: this one's cached SSO is dropped. */
async function mapGroups(...rows: { groupId: string; role: "admin" | "member"; scopes?: string }[]) {
  await t.db.delete(groupMappings).where(eq(groupMappings.tenantId, tenantId));
  if (rows.length) await t.db.insert(groupMappings).values(rows.map((r, i) => ({ tenantId, position: i + 1, scopes: "", ...r, createdAt: new Date() })));
  forgetTenantSso("groups-ws");
}

async function signIn(oid: string, email: string): Promise<Answer> {
  const started = await startTenantSsoSignIn(context, routeGet(`/api/v1/auth/sso/groups-ws/login?login_hint=${encodeURIComponent(email)}`), "groups-ws");
  const flowCookie = cookiesSetBy(started).get(COOKIE.state)!;
  const picked = await signInThroughAccountPicker({ authorizeUrl: started.headers.location as string, oid, caPem: entra.caPem });
  if (picked.kind !== "redirect") throw new Error(`the emulator answered ${picked.kind}`);
  const callback = new URL(picked.location);
  return tenantSignInCallback(context, routeGet(`${callback.pathname}${callback.search}`, new Map([[COOKIE.state, flowCookie]])), "t-groups-ws");
}

async function membershipAfter(answer: Answer) {
  expect(answer.headers.location, String(answer.headers.location)).toBe(`${PUBLIC_URL}/auth/callback`);
  const [session] = await t.db.select().from(sessions).where(eq(sessions.sessionToken, cookiesSetBy(answer).get(COOKIE.sessionToken)!));
  const [membership] = await t.db.select().from(tenantMemberships).where(and(eq(tenantMemberships.userId, session!.userId), eq(tenantMemberships.tenantId, tenantId)));
  return { userId: session!.userId, role: membership?.role, groupScopes: membership?.groupScopes };
}

const graphCalls = async () => (await entra.admin.lastRequests(1000)).filter((r) => r.kind === "graph");
const unresolvedAudits = (userId: string) =>
  t.db.select().from(auditEvents).where(and(eq(auditEvents.kind, "sign_in.groups_unresolved"), eq(auditEvents.actorId, userId)));

describe("tenant SSO with group mappings", () => {
  it("gives the role and scopes of the first matching mapping from the token's groups, without asking Graph", async () => {
    await mapGroups({ groupId: MEMBERS, role: "member", scopes: "mcp.access" }, { groupId: ADMINS, role: "admin", scopes: "mcp.access mcp.admin" });
    await entra.admin.resetRequests();
    expect(await membershipAfter(await signIn(people.few.oid, people.few.email))).toMatchObject({ role: "member", groupScopes: "mcp.access" });
    expect(await graphCalls()).toEqual([]);
  });

  it("re-evaluates at a returning sign-in: a reordered mapping changes the role", async () => {
    await mapGroups({ groupId: ADMINS, role: "admin", scopes: "mcp.admin" }, { groupId: MEMBERS, role: "member", scopes: "mcp.access" });
    expect(await membershipAfter(await signIn(people.few.oid, people.few.email))).toMatchObject({ role: "admin", groupScopes: "mcp.admin" });
  });

  it("reads the mappings with the cached SSO card, and a mapping added on the settings page applies at this instance's next sign-in", async () => {
    await mapGroups({ groupId: MEMBERS, role: "member" });
    expect(await membershipAfter(await signIn(people.few.oid, people.few.email))).toMatchObject({ role: "member" });
    await t.db.delete(groupMappings).where(eq(groupMappings.tenantId, tenantId));
    // Deleted behind the cache's back: the cached mappings still decide.
    expect(await membershipAfter(await signIn(people.few.oid, people.few.email))).toMatchObject({ role: "member" });
    const added = await addGroupMapping({ db: t.db, tenantId, actorId: "admin-1", clientIp: "127.0.0.1", clock: systemClock }, "entra", { groupId: ADMINS, role: "admin", scopes: "" });
    expect(added).toMatchObject({ ok: true });
    expect(await membershipAfter(await signIn(people.few.oid, people.few.email))).toMatchObject({ role: "admin" });
  });

  it("resolves a person in 250 groups (overage) through Graph, across its pages, and gives the mapped role", async () => {
    await mapGroups({ groupId: MEMBERS, role: "member" }, { groupId: ADMINS, role: "admin", scopes: "mcp.admin" });
    await entra.admin.resetRequests();
    expect(await membershipAfter(await signIn(people.many.oid, people.many.email))).toMatchObject({ role: "admin", groupScopes: "mcp.admin" });
    expect((await graphCalls()).map((r) => r.status)).toEqual([200, 200, 200]);
  });

  it("keeps a throttled sign-in going: Graph's Retry-After is waited out and the role is still decided by groups", async () => {
    await mapGroups({ groupId: ADMINS, role: "member", scopes: "mcp.access" });
    await entra.admin.setGraphMode({ mode: "throttle", retryAfterSeconds: 1, times: 1 });
    await entra.admin.resetRequests();
    expect(await membershipAfter(await signIn(people.many.oid, people.many.email))).toMatchObject({ role: "member", groupScopes: "mcp.access" });
    expect((await graphCalls()).map((r) => r.status)).toEqual([429, 200, 200, 200]);
  });

  it("keeps the previous role when Graph is down — no demotion on partial data — and audits why", async () => {
    await mapGroups({ groupId: ADMINS, role: "admin", scopes: "mcp.admin" });
    const first = await membershipAfter(await signIn(people.many.oid, people.many.email));
    expect(first.role).toBe("admin");
    // With Graph up, this mapping list would refuse the person; with Graph down nothing is decided on no data.
    await mapGroups({ groupId: MEMBERS, role: "member" });
    await entra.admin.setGraphMode({ mode: "down" });
    const again = await membershipAfter(await signIn(people.many.oid, people.many.email));
    expect(again).toMatchObject({ userId: first.userId, role: "admin", groupScopes: "mcp.admin" });
    const [audit] = await unresolvedAudits(first.userId);
    expect(audit).toMatchObject({ outcome: "failure", tenantId, detail: expect.objectContaining({ reason: "graph_unreachable", role: "kept" }) });
  });

  it("gives a first-time person the default role when Graph is down, and audits it", async () => {
    await mapGroups({ groupId: ADMINS, role: "admin" });
    await t.db.update(tenantSsoConfigs).set({ unmatchedRole: "member" }).where(eq(tenantSsoConfigs.tenantId, tenantId));
    forgetTenantSso("groups-ws");
    await entra.admin.setGraphMode({ mode: "down" });
    const signedIn = await membershipAfter(await signIn(people.newcomer.oid, people.newcomer.email));
    expect(signedIn).toMatchObject({ role: "member", groupScopes: "" });
    expect(await unresolvedAudits(signedIn.userId)).toHaveLength(1);
  });

  it("refuses a first-time person when Graph is down and the default is to refuse, with an audited reference", async () => {
    await mapGroups({ groupId: ADMINS, role: "admin" });
    await entra.admin.setGraphMode({ mode: "down" });
    await t.db.delete(tenantMemberships).where(eq(tenantMemberships.tenantId, tenantId));
    const answer = await signIn(people.newcomer.oid, people.newcomer.email);
    const location = new URL(String(answer.headers.location));
    expect(location.searchParams.get("code")).toBe("sso_no_supported_role");
    const [audit] = await t.db.select().from(auditEvents).where(eq(auditEvents.reference, location.searchParams.get("ref")!));
    expect(audit).toMatchObject({ outcome: "failure", detail: expect.objectContaining({ reason: "no_supported_role", groupsUnresolved: "graph_unreachable" }) });
  });

  it("asks Graph nothing in a workspace without group mappings", async () => {
    await mapGroups();
    await t.db.update(tenantSsoConfigs).set({ unmatchedRole: "member" }).where(eq(tenantSsoConfigs.tenantId, tenantId));
    forgetTenantSso("groups-ws");
    await entra.admin.resetRequests();
    // The card's rule alone: no app role, so the default (member), although the person is in 250 groups.
    expect(await membershipAfter(await signIn(people.many.oid, people.many.email))).toMatchObject({ role: "member" });
    expect(await graphCalls()).toEqual([]);
  });
});
