import { expect, test } from "@playwright/test";
import { startEntraWorld, type EntraWorld } from "../support/broker-with-entra";
import { users } from "../support/entra-test-seed";
import { SERVER_DATABASE_URL } from "../support/environment";
import { headlessSignIn, SESSION_COOKIE } from "../support/headless-sign-in";
import { loginFormActionFields, postLoginForm } from "../support/login-form";
import { startTcpProxy } from "../support/tcp-proxy";

/**
 * The database goes away while sign-ins and signed-in requests flow (a relay between the broker and Postgres
 * drops every connection and refuses new ones), then comes back. The broker is never restarted.
 */
test.describe.configure({ timeout: 240_000 });

type Answer = { at: number; method: string; path: string; status: number; body: string };
const STACK_TRACE = /\bat [\w$.<>]+ \(?[^\s)]+:\d+:\d+\)?|node:internal|Error: Failed query/;
const MESSAGE = "Gatehouse cannot reach its database right now. Try again in a moment.";

let world: EntraWorld;
let proxy: Awaited<ReturnType<typeof startTcpProxy>>;
test.beforeAll(async () => {
  test.setTimeout(180_000);
  const server = new URL(SERVER_DATABASE_URL);
  proxy = await startTcpProxy({ host: server.hostname, port: Number(server.port || 5432) });
  world = await startEntraWorld({ brokerDatabaseHost: `127.0.0.1:${proxy.port}` });
});
test.afterEach(async ({}, testInfo) => {
  // The broker's own log beside a failure: what it said while the database was away.
  if (testInfo.status !== testInfo.expectedStatus) await testInfo.attach("broker output", { body: world.brokers[0]!.output(), contentType: "text/plain" });
});
test.afterAll(async () => {
  await world?.stop();
  await proxy?.close();
});

/** What the broker said, without the SQL text and parameters of its failed queries. */
const brokerLog = () =>
  world.brokers[0]!.output()
    .split("\n")
    .filter((line) => !/^\s*(params:|query:|at |\}|\[cause\]|errno|code:|syscall)/.test(line))
    .join("\n")
    .slice(-4000);

test("during an outage every answer is 503 with a clear message; afterwards the broker recovers by itself and no acknowledged sign-in is lost", async () => {
  const broker = world.brokers[0]!;
  const answers: Answer[] = [];
  // Every answer the broker gives, recorded with its body (a fetch that fails outright is recorded as status 0).
  const recording: typeof fetch = async (input, init) => {
    const url = new URL(input instanceof Request ? input.url : input.toString());
    const at = Date.now();
    try {
      const response = await fetch(input, init);
      const body = await response.clone().text();
      answers.push({ at, method: init?.method ?? "GET", path: url.pathname, status: response.status, body });
      return response;
    } catch (error) {
      answers.push({ at, method: init?.method ?? "GET", path: url.pathname, status: 0, body: String(error) });
      throw error;
    }
  };
  const people = [users.megan, users.adele, users.diego];
  // Each person's first sign-in happens before the load, one at a time (it creates their user).
  for (const person of people)
    expect((await headlessSignIn({ brokerUrl: broker.url, startPath: "/api/v1/auth/microsoft/login", oid: person.oid, emulatorCaPem: world.emulator.caPem })).sessionToken).toBeTruthy();

  const acknowledged: string[] = [];
  let flowing = true;
  const flow = async (worker: number) => {
    for (let i = 0; flowing; i++) {
      try {
        const signIn = await headlessSignIn({
          brokerUrl: broker.url,
          startPath: "/api/v1/auth/microsoft/login",
          oid: people[(worker + i) % people.length]!.oid,
          emulatorCaPem: world.emulator.caPem,
          http: recording,
        });
        if (signIn.sessionToken && signIn.landedAt.endsWith("/auth/callback")) {
          acknowledged.push(signIn.sessionToken);
          await recording(`${broker.url}/api/v1/me`, { headers: { cookie: `${SESSION_COOKIE}=${signIn.sessionToken}` } });
        }
      } catch {
        // A refused step ends this sign-in; the answer that refused it is in `answers`.
      }
      await recording(`${broker.url}/login`, { headers: { accept: "text/html" } });
    }
  };
  const workers = [0, 1, 2].map(flow);

  await new Promise((resolve) => setTimeout(resolve, 3000));
  const beforeCut = acknowledged.length;
  proxy.cut();
  const cutAt = Date.now();
  // The broker has noticed once an ordinary request (not the health check, which probes by itself) says so.
  await expect.poll(async () => (await fetch(`${broker.url}/api/v1/me`)).status, { timeout: 10_000 }).toBe(503);
  const detectedAt = Date.now();

  // Every kind of request while the database is away: pages, APIs, the sign-in form, sign-in starts and callbacks.
  const signedIn = { cookie: `${SESSION_COOKIE}=${acknowledged[0]}` };
  for (const [path, headers] of [
    ["/login", { accept: "text/html" }],
    ["/settings/users", { ...signedIn, accept: "text/html" }],
    ["/api/v1/me", signedIn],
    ["/api/v1/settings/users", signedIn],
    ["/api/v1/auth/microsoft/login", {}],
    ["/api/v1/auth/sso/northwind/login", {}],
    ["/api/v1/auth/callback/microsoft-entra-id?code=abc&state=def", {}],
  ] as const) {
    const response = await recording(`${broker.url}${path}`, { headers, redirect: "manual" });
    expect(response.status, path).toBe(503);
    expect(await response.text(), path).toContain(MESSAGE);
  }
  const form = await postLoginForm(broker.url, { $ACTION_ID_x: "" }, { intent: "password", login: "admin", password: "admin" }, undefined, world.publicUrl);
  expect(form.response.status).toBe(503);

  await new Promise((resolve) => setTimeout(resolve, 2000));
  proxy.restore();
  const restoredAt = Date.now();
  await expect.poll(async () => (await fetch(`${broker.url}/api/v1/me`)).status, { timeout: 15_000 }).toBe(401);
  const recoveredAt = Date.now();
  await new Promise((resolve) => setTimeout(resolve, 3000));
  flowing = false;
  await Promise.all(workers);

  // Sign-ins went on before the cut and after the recovery, with no restart.
  expect(beforeCut).toBeGreaterThan(0);
  const afterRecovery = answers.filter((a) => a.at > recoveredAt && a.path.startsWith("/api/v1/auth/callback/") && a.status === 302);
  expect(afterRecovery.length).toBeGreaterThan(0);
  expect(await (await fetch(`${broker.url}/login`)).text()).toContain("Sign in to Gatehouse");
  const fields = await loginFormActionFields(broker.url);
  expect((await postLoginForm(broker.url, fields, { intent: "identify", login: "someone@example.com" }, undefined, world.publicUrl)).response.status).toBe(200);

  // Between detection and restoration: 503 and the message, for everything. (A connection that broke on the client's
  // side is no answer; on a saturated machine a pooled keep-alive socket is now and then reused as it closes.)
  const transportFailures = answers.filter((a) => a.status === 0);
  expect(transportFailures.length, transportFailures.map((a) => a.body).join("\n")).toBeLessThan(Math.max(3, answers.length / 20));
  const duringOutage = answers.filter((a) => a.at > detectedAt && a.at < restoredAt && a.status !== 0);
  expect(duringOutage.length).toBeGreaterThan(5);
  for (const answer of duringOutage) {
    expect(answer.status, `${answer.method} ${answer.path}`).toBe(503);
    expect(answer.body).toContain(MESSAGE);
  }
  // Never a stack trace, at any moment (including the instant of the cut, before the broker noticed).
  for (const answer of answers) expect(answer.body, `${answer.method} ${answer.path} ${answer.status}`).not.toMatch(STACK_TRACE);
  expect(detectedAt - cutAt).toBeLessThan(10_000);

  // Every sign-in that was acknowledged (a session cookie and the app's landing page) still holds.
  expect(acknowledged.length).toBeGreaterThan(beforeCut);
  // The rows first: every acknowledged session was committed.
  const rows = await world.sql`select count(*)::int as n from session where session_token in ${world.sql(acknowledged)}`;
  expect(rows[0]!.n).toBe(acknowledged.length);
  // Then the broker serves each of them. (Right after a hard cut the driver can take some seconds to replace its dead
  // connections, and the broker may answer 503 meanwhile: wait until it serves the first, then ask for each once.)
  const meStatus = (token: string) =>
    fetch(`${broker.url}/api/v1/me`, { headers: { cookie: `${SESSION_COOKIE}=${token}` } }).then((r) => r.status, (e) => `${e} ${e.cause}`);
  await expect.poll(() => meStatus(acknowledged[0]!), { timeout: 30_000 }).toBe(200);
  const statuses: (number | string)[] = [];
  for (const token of acknowledged) statuses.push(await meStatus(token));
  expect(statuses.filter((status) => status !== 200), brokerLog()).toEqual([]);
});
