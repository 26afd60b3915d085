import { eq } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { accounts, auditEvents, sessions, users } from "@/db/schema";
import { withTestDatabase } from "@/db/testing/test-database";
import { startEntraEmulator, signInThroughAccountPicker, type RunningEntraEmulator } from "@/e2e/entra-emulator";
import type { HostileMode } from "@/e2e/entra-emulator/hostile-modes";
import { contractSeed, PLATFORM_APP, SECRET, users as people } from "@/e2e/entra-emulator/test-fixture";
import { emulatorFetch } from "@/e2e/support/emulator-fetch";
import { tenantCookieNames } from "@/lib/auth/cookie-names";
import { parseSettings } from "@/lib/config/settings";
import type { Answer } from "@/lib/server/http-exchange";
import { createRouteContext, type RouteContext } from "@/lib/server/routes/route-context";
import { cookiesSetBy, getExchange } from "@/lib/server/routes/testing/plain-exchange";
import { startPlatformSignIn, tenantSignInCallback } from "@/lib/server/routes/tenant-sign-in";
import { systemClock } from "@/lib/time/clock";
import { createIssuerViews } from "./issuer-view";

/**
 * The relying-party conformance cases: Gatehouse's sign-in route and engine, called as plain functions (no server,
 * no browser) against the Entra emulator over real HTTPS, with the emulator answering in one hostile way at a time.
 * Each hostile answer must be refused with "The identity provider's answer could not be verified." (or the
 * sentence its kind calls for), audited with the reference the page shows, and leave no user, link or session.
 */
const t = withTestDatabase();
let entra: RunningEntraEmulator;
let context: RouteContext;
let viewsNow = Date.now();
const PUBLIC_URL = "https://broker.example";
const routeGet = (path: string, cookies?: Map<string, string>) => getExchange(new URL(path, PUBLIC_URL).href, cookies, "192.0.2.10");
const COOKIE = tenantCookieNames(true);

beforeAll(async () => {
  entra = await startEntraEmulator({ seed: contractSeed(), port: 0 });
  const settings = parseSettings({
    NODE_ENV: "production",
    API_PUBLIC_URL: PUBLIC_URL,
    MS_AUTHORITY_HOST: entra.url,
    MS_CLIENT_ID: PLATFORM_APP,
    MS_CLIENT_SECRET: SECRET,
    AUTH_SECRET: "conformance-auth-secret-0123456789abcdef",
    MGMT_AUTH_SECRET: "conformance-console-secret-0123456789abcd",
    SECRET_ENCRYPTION_KEY: Buffer.alloc(32, 7).toString("base64"),
  });
  const fetch = emulatorFetch(entra.caPem);
  // The key set's refetch cooldown runs on this clock, so a test can let it pass without waiting.
  const views = createIssuerViews({ fetch, now: () => viewsNow });
  const engine = { views, fetch };
  context = createRouteContext(settings, t.db, undefined, systemClock, { fetch: engine.fetch, views: engine.views });
});
afterAll(() => entra?.stop());
beforeEach(async () => {
  await entra.admin.setHostileMode(PLATFORM_APP, null);
  viewsNow += 60_000;
});



/** Starts a platform sign-in, picks the person at the emulator, and returns the callback to replay at will. */
async function begin(oid = people.verified.oid) {
  const started = await startPlatformSignIn(context, routeGet("/api/v1/auth/microsoft/login"));
  expect(started.status).toBe(307);
  const flowCookie = cookiesSetBy(started).get(COOKIE.state)!;
  const picked = await signInThroughAccountPicker({ authorizeUrl: started.headers.location as string, oid, caPem: entra.caPem });
  if (picked.kind !== "redirect") throw new Error(`the emulator answered ${picked.kind}`);
  const callback = new URL(picked.location);
  return () => tenantSignInCallback(context, routeGet(`${callback.pathname}${callback.search}`, new Map([[COOKIE.state, flowCookie]])), "microsoft-entra-id");
}

async function identityRows() {
  return { users: await t.db.$count(users), accounts: await t.db.$count(accounts), sessions: await t.db.$count(sessions) };
}

/** The refusal the person sees, and the audit event its reference names. */
async function refusalOf(answer: Answer) {
  expect(answer.status).toBe(302);
  const location = new URL(answer.headers.location as string);
  expect(location.pathname).toBe("/error");
  expect(cookiesSetBy(answer).get(COOKIE.sessionToken) ?? "").toBe("");
  const reference = location.searchParams.get("ref")!;
  const [event] = await t.db.select().from(auditEvents).where(eq(auditEvents.reference, reference));
  return { code: location.searchParams.get("code"), event: event! };
}

async function expectRefused(mode: HostileMode, expected: { code: string; detail: Record<string, unknown> }) {
  await entra.admin.setHostileMode(PLATFORM_APP, mode);
  const callback = await begin();
  const before = await identityRows();
  const { code, event } = await refusalOf(await callback());
  expect(code).toBe(expected.code);
  expect(event).toMatchObject({ kind: "sign_in.microsoft", outcome: "failure", detail: expected.detail });
  expect(await identityRows()).toEqual(before);
}

const unverified = (check: string) => ({ code: "idp_answer_unverified", detail: { reason: "answer_unverified", check } });

describe("the relying party accepts", () => {
  it("a plain good answer: a session cookie and the landing page", async () => {
    const answer = await (await begin())();
    expect(answer.headers.location).toBe(`${PUBLIC_URL}/auth/callback`);
    expect(cookiesSetBy(answer).get(COOKIE.sessionToken)).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  it("an ID token signed with a rotated key, by fetching the keys again", async () => {
    await (await begin())();
    await entra.admin.resetRequests();
    await entra.admin.rotateSigningKey();
    const answer = await (await begin())();
    expect(answer.headers.location).toBe(`${PUBLIC_URL}/auth/callback`);
    expect(Object.values(await entra.admin.keySetFetches()).reduce((a, b) => a + b, 0)).toBe(1);
  });
});

describe("the relying party refuses, audits and writes nothing for", () => {
  it("a bad signature", () => expectRefused("bad_signature", unverified("signature_invalid")));
  it("a kid the issuer does not publish, after one refetch", async () => {
    await entra.admin.resetRequests();
    await expectRefused("unknown_kid", unverified("kid_unknown"));
    // The key set was fetched again once for the unknown kid (the cooldown has passed since the last test), not more.
    expect(Object.values(await entra.admin.keySetFetches()).reduce((a, b) => a + b, 0)).toBe(1);
  });
  it("a token without kid while the issuer publishes several keys", () => expectRefused("missing_kid", unverified("kid_missing")));
  it("alg none", () => expectRefused("alg_none", unverified("alg_not_allowed")));
  it("HS256 keyed with the issuer's public key", () => expectRefused("hs256_public_key", unverified("alg_not_allowed")));
  it("a wrong iss", () => expectRefused("wrong_iss", unverified("iss")));
  it("a wrong aud", () => expectRefused("wrong_aud", unverified("aud")));
  it("a missing aud", () => expectRefused("missing_aud", unverified("aud")));
  it("an expired token", () => expectRefused("expired", unverified("exp")));
  // The emulator moves nbf with iat, as an IdP with a fast clock would: oauth4webapi's nbf check meets it first (the
  // iat rule alone is tested in complete-code-flow.test.ts).
  it("an iat and nbf in the future", () => expectRefused("future_iat", { code: "idp_answer_unverified", detail: { reason: "answer_unverified", check: "nbf" } }));
  it("a wrong nonce", () => expectRefused("wrong_nonce", unverified("nonce")));
  it("a missing nonce", () => expectRefused("missing_nonce", unverified("nonce")));
  it("a wrong state in the authorization response", () => expectRefused("wrong_state", unverified("state")));
  it("a mix-up iss parameter in the authorization response", () => expectRefused("mixup_iss", unverified("iss_parameter")));
  it("an error from the token endpoint", () => expectRefused("token_error", { code: "sign_in_failed", detail: { reason: "token_error", code: "AADSTS70008" } }));
  it("a token response without an ID token", () => expectRefused("missing_id_token", unverified("id_token_missing")));
  it("an oversized token response", () => expectRefused("oversized_token", unverified("token_response_too_large")));

  it("a replayed callback whose code the IdP honours twice: one session only", async () => {
    await entra.admin.setHostileMode(PLATFORM_APP, "code_replay");
    const callback = await begin(people.stranger.oid);
    const first = await callback();
    expect(first.headers.location).toBe(`${PUBLIC_URL}/auth/callback`);
    const before = await identityRows();
    const { code, event } = await refusalOf(await callback());
    expect(code).toBe("sign_in_failed");
    expect(event.detail).toMatchObject({ reason: "attempt_used" });
    expect(await identityRows()).toEqual(before);
  });
});
