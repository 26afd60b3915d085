import { expect, test } from "@playwright/test";
import { startEntraWorld, type EntraWorld } from "../support/broker-with-entra";
import { CONSOLE_CLIENT_ID, CONSOLE_CLIENT_SECRET, OPERATOR_TENANT_ID, PLATFORM_CLIENT_ID, northwindUsers, users } from "../support/entra-test-seed";
import { beginSignIn, completeCallback, headlessSignIn } from "../support/headless-sign-in";
import { freePort, spawnGatehouse } from "../support/spawn-server";

/**
 * The identity provider misbehaving: its signing key rotates, then it goes away altogether. The tests run in order
 * on one world, since the last two stop its emulator for good.
 */
test.describe.configure({ mode: "serial", timeout: 120_000 });

let world: EntraWorld;
test.beforeAll(async () => {
  test.setTimeout(180_000);
  world = await startEntraWorld();
});
test.afterAll(async () => world?.stop());

const platform = (oid: string) => ({ brokerUrl: world.brokers[0]!.url, startPath: "/api/v1/auth/microsoft/login", oid, emulatorCaPem: world.emulator.caPem });
const tenantSso = (person: { oid: string; email: string }) => ({
  brokerUrl: world.brokers[0]!.url,
  startPath: `/api/v1/auth/sso/northwind/login?login_hint=${encodeURIComponent(person.email)}`,
  oid: person.oid,
  emulatorCaPem: world.emulator.caPem,
});

async function errorPage(location: string): Promise<{ status: number; html: string }> {
  const response = await fetch(new URL(new URL(location).pathname + new URL(location).search, world.brokers[0]!.url));
  return { status: response.status, html: await response.text() };
}

test("sign-ins keep working without a restart after Entra rotates its signing key", async () => {
  for (const options of [platform(users.megan.oid), tenantSso(northwindUsers.nina)]) expect((await headlessSignIn(options)).sessionToken).toBeTruthy();
  const before = await world.emulator.admin.signingKeys();
  const { kid } = await world.emulator.admin.rotateSigningKey();
  expect(kid).not.toBe(before.active);
  for (const options of [platform(users.megan.oid), tenantSso(northwindUsers.nina), platform(users.adele.oid)]) {
    const signIn = await headlessSignIn(options);
    expect(signIn.landedAt).toMatch(/\/auth\/callback$/);
    expect(signIn.sessionToken).toBeTruthy();
  }
});

test("an ID token whose signature does not verify shows 'The identity provider's answer could not be verified.' with its reference, and writes nothing", async () => {
  await world.emulator.admin.setHostileMode(PLATFORM_CLIENT_ID, "bad_signature");
  try {
    const sessionsBefore = (await world.sql`select count(*)::int as n from session`)[0]!.n as number;
    const signIn = await headlessSignIn(platform(users.diego.oid));
    expect(signIn.sessionToken).toBeUndefined();
    expect(signIn.landedAt).toContain("/error?code=idp_answer_unverified");
    const reference = new URL(signIn.landedAt).searchParams.get("ref")!;
    const page = await errorPage(signIn.landedAt);
    expect(page.status).toBe(200);
    expect(page.html).toContain("The identity provider&#x27;s answer could not be verified.");
    expect(page.html).toContain(reference);
    const [event] = await world.sql`select kind, outcome, detail from audit_event where reference = ${reference}`;
    expect(event).toMatchObject({ kind: "sign_in.microsoft", outcome: "failure", detail: { reason: "answer_unverified", check: "signature_invalid" } });
    expect(await world.sql`select 1 from "user" where email = ${users.diego.email}`).toHaveLength(0);
    expect((await world.sql`select count(*)::int as n from session`)[0]!.n).toBe(sessionsBefore);
  } finally {
    await world.emulator.admin.setHostileMode(PLATFORM_CLIENT_ID, null);
  }
});

test("a callback that cannot reach Microsoft's token endpoint shows 'Microsoft is unreachable, try again' and writes nothing", async () => {
  const begun = await beginSignIn(platform(users.diego.oid));
  const sessionsBefore = (await world.sql`select count(*)::int as n from session`)[0]!.n as number;
  await world.emulator.stop();

  const landed = await completeCallback(begun.callbackUrl!, { brokerUrl: world.brokers[0]!.url, jar: begun.jar });
  expect(landed.sessionToken).toBeUndefined();
  expect(landed.landedAt).toContain("/error?code=idp_unreachable");
  const page = await errorPage(landed.landedAt);
  expect(page.status).toBe(200);
  expect(page.html).toContain("Microsoft is unreachable, try again.");
  expect(page.html).toContain("Try again");
  expect(page.html).toContain('action="/api/v1/auth/microsoft/login"');

  expect(await world.sql`select 1 from "user" where email = ${users.diego.email}`).toHaveLength(0);
  expect((await world.sql`select count(*)::int as n from session`)[0]!.n).toBe(sessionsBefore);
  const [audit] = await world.sql`select detail from audit_event where detail->>'reason' = 'idp_unreachable'`;
  expect(audit).toBeDefined();
});

test("starting a sign-in while Microsoft is unreachable shows the same page, for the platform app, tenant SSO and the console", async () => {
  // A fresh instance has nothing cached, so it must reach Microsoft to start at all.
  const port = await freePort();
  const consoleApp = { MGMT_MS_CLIENT_ID: CONSOLE_CLIENT_ID, MGMT_MS_CLIENT_SECRET: CONSOLE_CLIENT_SECRET, MGMT_MS_TENANT_ID: OPERATOR_TENANT_ID };
  const fresh = await spawnGatehouse({ ...world.settingsFor(port), ...consoleApp }, { port });
  try {
    for (const [startPath, retry] of [
      ["/api/v1/auth/microsoft/login", "/api/v1/auth/microsoft/login"],
      [`/api/v1/auth/sso/northwind/login?login_hint=${encodeURIComponent(northwindUsers.omar.email)}`, "/api/v1/auth/sso/northwind/login"],
    ] as const) {
      const started = await fetch(`${fresh.url}${startPath}`, { redirect: "manual" });
      expect(started.status).toBeGreaterThanOrEqual(300);
      expect(started.status).toBeLessThan(400);
      const location = started.headers.get("location")!;
      expect(location).toContain("/error?code=idp_unreachable");
      const page = await fetch(new URL(location, fresh.url));
      const html = await page.text();
      expect(page.status).toBe(200);
      expect(html).toContain("Microsoft is unreachable, try again.");
      expect(html).toContain(`action="${retry}"`);
    }
    // The console's own sign-in says the same on the console's sign-in page, whose button starts it again.
    const staffStart = await fetch(`${fresh.url}/api/v1/manage/sign-in`, { redirect: "manual" });
    const staffLocation = new URL(staffStart.headers.get("location")!);
    expect(staffLocation.pathname).toBe("/manage/sign-in");
    expect(staffLocation.searchParams.get("error")).toBe("idp_unreachable");
    // The refusal is audited, and the page shows the reference to quote.
    expect(staffLocation.searchParams.get("ref")).toMatch(/^GH-[A-Z0-9]{4}-[A-Z0-9]{4}$/);
    const staffPage = await (await fetch(`${fresh.url}${staffLocation.pathname}${staffLocation.search}`)).text();
    expect(staffPage).toContain("Microsoft is unreachable, try again.");
    expect(staffPage).toContain('action="/api/v1/manage/sign-in"');
  } finally {
    await fresh.stop();
  }
});
