import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditEvents, sessions, tenants, users } from "@/db/schema";
import { withTestDatabase } from "@/db/testing/test-database";
import { startEntraEmulator, signInThroughAccountPicker, type RunningEntraEmulator } from "@/e2e/entra-emulator";
import { CONTOSO, FABRIKAM, contractSeed, PLATFORM_APP, SECRET, users as people } from "@/e2e/entra-emulator/test-fixture";
import { emulatorFetch } from "@/e2e/support/emulator-fetch";
import { tenantCookieNames } from "@/lib/auth/cookie-names";
import { parseSettings } from "@/lib/config/settings";
import { removedMessage } from "@/lib/errors/user-messages";
import type { Answer } from "@/lib/server/http-exchange";
import { createIssuerViews } from "@/lib/signin/issuer-view";
import { removeTenantUser } from "@/lib/tenancy/remove-tenant-user";
import { workspaceNameByKey } from "@/lib/tenancy/tenant-removals";
import { createTenant } from "@/lib/testing/fixtures";
import { frozenClock, systemClock } from "@/lib/time/clock";
import { createRouteContext, type RouteContext } from "./route-context";
import { cookiesSetBy, getExchange } from "./testing/plain-exchange";
import { startPlatformSignIn, tenantSignInCallback } from "./tenant-sign-in";

/**
 * The platform Microsoft sign-in route, called as a plain function against the Entra emulator over real HTTPS (no
 * server, no browser): who a verified answer makes the person, and what it refuses.
 */
const t = withTestDatabase();
let entra: RunningEntraEmulator;
let context: RouteContext;
const PUBLIC_URL = "https://broker.example";
const routeGet = (path: string, cookies?: Map<string, string>) => getExchange(new URL(path, PUBLIC_URL).href, cookies, "192.0.2.10");
const COOKIE = tenantCookieNames(true);
/** Someone in a stranger directory whose account carries Megan's address, which Entra does not vouch for. */
const impostor = { oid: "1f0e2d3c-4b5a-4968-8776-a5b4c3d2e1f0", name: "Not Megan", preferredUsername: "notmegan@fabrikam.example", email: people.verified.email, emailDomainVerified: false };

beforeAll(async () => {
  const seed = contractSeed();
  seed.tenants.find((tenant) => tenant.id === FABRIKAM)!.users.push(impostor);
  entra = await startEntraEmulator({ seed, port: 0 });
  const settings = parseSettings({
    NODE_ENV: "production",
    API_PUBLIC_URL: PUBLIC_URL,
    MS_AUTHORITY_HOST: entra.url,
    MS_CLIENT_ID: PLATFORM_APP,
    MS_CLIENT_SECRET: SECRET,
    AUTH_SECRET: "route-test-auth-secret-0123456789abcdef",
    MGMT_AUTH_SECRET: "route-test-console-secret-0123456789abcd",
    SECRET_ENCRYPTION_KEY: Buffer.alloc(32, 7).toString("base64"),
  });
  const fetch = emulatorFetch(entra.caPem);
  const engine = { views: createIssuerViews({ fetch }), fetch };
  context = createRouteContext(settings, t.db, undefined, systemClock, { fetch: engine.fetch, views: engine.views });
});
afterAll(() => entra?.stop());



/** A whole platform sign-in of the person `oid` names: start, the emulator's account picker, the callback. */
async function signInAs(oid: string): Promise<Answer> {
  const started = await startPlatformSignIn(context, routeGet("/api/v1/auth/microsoft/login"));
  const flowCookie = cookiesSetBy(started).get(COOKIE.state)!;
  const picked = await signInThroughAccountPicker({ authorizeUrl: started.headers.location as string, oid, caPem: entra.caPem });
  if (picked.kind !== "redirect") throw new Error(`the emulator answered ${picked.kind}`);
  const callback = new URL(picked.location);
  return tenantSignInCallback(context, routeGet(`${callback.pathname}${callback.search}`, new Map([[COOKIE.state, flowCookie]])), "microsoft-entra-id");
}

async function signedInUser(answer: Answer) {
  expect(answer.headers.location).toBe(`${PUBLIC_URL}/auth/callback`);
  const [session] = await t.db.select().from(sessions).where(eq(sessions.sessionToken, cookiesSetBy(answer).get(COOKIE.sessionToken)!));
  const [user] = await t.db.select().from(users).where(eq(users.id, session!.userId));
  return { user: user!, session: session! };
}

describe("the platform Microsoft sign-in route", () => {
  it("never lets a stranger directory asserting a verified owner's address change that owner's record or the audit actor label", async () => {
    const first = await signedInUser(await signInAs(impostor.oid));
    expect(first.user).toMatchObject({ email: null, unverifiedEmail: "megan@contoso.example" });
    const megan = await signedInUser(await signInAs(people.verified.oid));
    expect(megan.user).toMatchObject({ name: "Megan Bowen", email: "megan@contoso.example" });
    const again = await signedInUser(await signInAs(impostor.oid));
    expect(again.user.id).toBe(first.user.id);

    const [meganNow] = await t.db.select().from(users).where(eq(users.id, megan.user.id));
    expect(meganNow).toMatchObject({ name: "Megan Bowen", email: "megan@contoso.example", unverifiedEmail: null });
    const impostorLabels = (await t.db.select().from(auditEvents).where(eq(auditEvents.actorId, first.user.id))).map((e) => e.actorLabel);
    expect(impostorLabels).toEqual([`${FABRIKAM}:${impostor.oid}`, `${FABRIKAM}:${impostor.oid}`]);
  });

  it("refuses a removed user's next Microsoft sign-in with a message that names the workspace, and writes no session", async () => {
    const contoso = await createTenant(t.db, "contoso-removal", "Contoso Ltd");
    await t.db.update(tenants).set({ microsoftTenantId: CONTOSO }).where(eq(tenants.id, contoso.id));
    const { user } = await signedInUser(await signInAs(people.unverified.oid));
    expect(user).toMatchObject({ email: null, unverifiedEmail: "grady.archie@mail.example" });
    const removed = await removeTenantUser(t.db, { tenantId: contoso.id, userId: user.id, actor: { id: "admin", label: "admin@contoso.example" }, clientIp: "10.0.0.1" }, frozenClock(new Date()));
    expect(removed).toMatchObject({ ok: true });
    const sessionsBefore = await t.db.$count(sessions, eq(sessions.userId, user.id));

    const answer = await signInAs(people.unverified.oid);
    const location = new URL(answer.headers.location as string);
    expect(`${location.origin}${location.pathname}`).toBe(`${PUBLIC_URL}/login`);
    expect(location.searchParams.get("error")).toBe("removed");
    expect(cookiesSetBy(answer).get(COOKIE.sessionToken) ?? "").toBe("");
    expect(await t.db.$count(sessions, eq(sessions.userId, user.id))).toBe(sessionsBefore);
    const name = await workspaceNameByKey(t.db, location.searchParams.get("workspace")!);
    expect(removedMessage(name!)).toBe("You were removed from Contoso Ltd. Ask an admin to invite you again.");
    const [event] = await t.db.select().from(auditEvents).where(eq(auditEvents.reference, location.searchParams.get("ref")!));
    expect(event).toMatchObject({ kind: "sign_in.microsoft", outcome: "failure", tenantId: contoso.id, actorLabel: `${CONTOSO}:${people.unverified.oid}`, detail: { reason: "removed" } });
  });
});
