import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditEvents } from "@/db/schema";
import { withTestDatabase } from "@/db/testing/test-database";
import { frozenClock } from "@/lib/time/clock";
import type { Person } from "./interaction";
import { Browser, authorizationRequest, registerNativeClient, startAuthorizationServer, type RunningAuthorizationServer } from "./testing/authorization-server-harness";

const t = withTestDatabase();
const clock = frozenClock(new Date());
const ada: Person = { userId: "user-ada", tenantId: "tenant-contoso", label: "ada@contoso.example", clientIp: "127.0.0.1" };
// Who Gatehouse's session names, per browser: the test signs a browser in by giving it a session cookie.
const sessions = new Map<string, Person>();
let as: RunningAuthorizationServer;

beforeAll(async () => {
  as = await startAuthorizationServer(t.db, clock, {
    personOf: async (req) => sessions.get(/test-session=([^;]+)/.exec(req.headers.cookie ?? "")?.[1] ?? "") ?? null,
  });
});
afterAll(() => as?.close());

async function startAuthorization(browser: Browser, client: { clientId: string; redirectUri: string }, scope = "mcp") {
  const request = await authorizationRequest(as.origin, client, { scope });
  const answer = await browser.get(request.url);
  expect(answer.status).toBe(303);
  return new URL(answer.headers.get("location")!, as.origin);
}

function signIn(browser: Browser, person: Person) {
  const id = crypto.randomUUID();
  sessions.set(id, person);
  browser.take(new Response(null, { headers: { "set-cookie": `test-session=${id}; Path=/` } }));
}

describe("the interaction route", () => {
  it("sends a browser nobody is signed in on to /login, to come back to the same interaction", async () => {
    const browser = new Browser();
    const interaction = await startAuthorization(browser, await registerNativeClient(as.origin));
    const answer = await browser.get(interaction.toString());
    expect(answer.status).toBe(303);
    expect(answer.headers.get("location")).toBe(`/login?return_to=${encodeURIComponent(interaction.pathname)}`);
  });

  it("asks a signed-in person on the consent page, then Allow resumes the authorization with a code and iss", async () => {
    const browser = new Browser();
    const client = await registerNativeClient(as.origin);
    const interaction = await startAuthorization(browser, client);
    signIn(browser, ada);
    const toConsent = await browser.get(interaction.toString());
    const uid = interaction.pathname.split("/").pop()!;
    expect(toConsent.headers.get("location")).toBe(`/oauth/consent/${uid}`);

    const allowed = await browser.post(`${interaction}/decide`, { decision: "allow" });
    expect(allowed.status).toBe(303);
    const back = await browser.get(allowed.headers.get("location")!);
    const callback = new URL(back.headers.get("location")!);
    expect(callback.origin + callback.pathname).toBe(client.redirectUri);
    expect(callback.searchParams.get("code")).toBeTruthy();
    expect(callback.searchParams.get("iss")).toBe(as.origin);
  });

  it("does not ask again for what the person already allowed this client, and asks again for a new scope", async () => {
    const client = await registerNativeClient(as.origin);
    const first = new Browser();
    signIn(first, ada);
    const interaction = await startAuthorization(first, client);
    await first.get(interaction.toString());
    await first.post(`${interaction}/decide`, { decision: "allow" });

    const second = new Browser();
    signIn(second, ada);
    const again = await startAuthorization(second, client);
    const remembered = await second.get(again.toString());
    expect(remembered.headers.get("location")).toMatch(/\/oauth2\/authorize\//);
    const back = await second.get(remembered.headers.get("location")!);
    expect(new URL(back.headers.get("location")!).searchParams.get("code")).toBeTruthy();

    const broader = await startAuthorization(second, client, "openid mcp");
    expect((await second.get(broader.toString())).headers.get("location")).toMatch(/^\/oauth\/consent\//);
  });

  it("refuses a decision from a browser that does not hold the interaction's cookie, and audits it", async () => {
    const browser = new Browser();
    const interaction = await startAuthorization(browser, await registerNativeClient(as.origin));
    const stranger = new Browser();
    signIn(stranger, ada);
    const answer = await stranger.post(`${interaction}/decide`, { decision: "allow" });
    expect(answer.status).toBe(400);
    expect(await answer.text()).toContain("This authorization request has expired or was opened in another browser.");
    const audited = await t.db.select().from(auditEvents).where(eq(auditEvents.kind, "oauth.interaction"));
    expect(audited.some((e) => e.outcome === "failure" && e.detail.reason === "oauth_interaction_expired")).toBe(true);
  });

  it("answers a decision that is neither Allow nor Deny with 400", async () => {
    const browser = new Browser();
    const interaction = await startAuthorization(browser, await registerNativeClient(as.origin));
    signIn(browser, ada);
    expect((await browser.post(`${interaction}/decide`, { decision: "maybe" })).status).toBe(400);
  });
});
