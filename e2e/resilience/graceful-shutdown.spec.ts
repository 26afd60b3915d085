import { Agent, request, type IncomingMessage } from "node:http";
import type { Socket } from "node:net";
import { expect, test } from "@playwright/test";
import { startEntraWorld, type EntraWorld } from "../support/broker-with-entra";
import { SESSION_COOKIE } from "../support/headless-sign-in";
import { loginFormActionFields, postLoginForm } from "../support/login-form";
import { createPasswordUser } from "../support/password-users";
import { freePort, spawnGatehouse } from "../support/spawn-server";

/**
 * An instance is stopped (SIGTERM: a deployment, a scale-in) while a load balancer sends it password sign-ins and
 * signed-in requests beside a second instance. The stopping instance refuses new connections at once (the balancer
 * sends those to the other one, nothing having been sent), closes its idle keep-alive connections, finishes every
 * request it had begun, and exits; the other instance never notices.
 */
test.describe.configure({ mode: "serial", timeout: 180_000 });

const PASSWORD = "a long passphrase for shutdowns";
let world: EntraWorld;
let logins: string[];
let actionFields: Record<string, string>;
test.beforeAll(async () => {
  test.setTimeout(180_000);
  world = await startEntraWorld({ brokers: 2 });
  logins = ["ada", "grace", "edsger"].map((name) => `${name}.shutdown@password.example`);
  for (const login of logins) await createPasswordUser(world.sql, { login, password: PASSWORD });
  actionFields = await loginFormActionFields(world.brokers[0]!.url);
});
test.afterEach(async ({}, testInfo) => {
  if (testInfo.status !== testInfo.expectedStatus)
    for (const [i, broker] of world.brokers.entries())
      await testInfo.attach(`broker ${i} output`, { body: broker.output().slice(-20_000), contentType: "text/plain" });
});
test.afterAll(async () => world?.stop());

type Answer = { at: number; ms: number; broker: number; what: string; status: number; error?: string };

const refused = (error: unknown) => (error as { cause?: { code?: string } }).cause?.code === "ECONNREFUSED";

function exited(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return false;
  } catch {
    return true;
  }
}

async function waitForExit(pid: number, timeoutMs: number): Promise<number> {
  for (const deadline = Date.now() + timeoutMs; Date.now() < deadline; await new Promise((resolve) => setTimeout(resolve, 20)))
    if (exited(pid)) return Date.now();
  throw new Error(`process ${pid} did not exit within ${timeoutMs} ms`);
}

/** A password sign-in as the form sends it, as one multipart body (to send in pieces). */
async function signInBody(login: string): Promise<{ body: Buffer; contentType: string }> {
  const form = new FormData();
  for (const [name, value] of Object.entries({ ...actionFields, intent: "password", login, password: PASSWORD })) form.append(name, value);
  const encoded = new Request("http://localhost/", { method: "POST", body: form });
  return { body: Buffer.from(await encoded.arrayBuffer()), contentType: encoded.headers.get("content-type")! };
}

/** A request whose body arrives slowly: the first half now, the rest when `finish()` is called. */
async function slowSignIn(brokerUrl: string, login: string) {
  const { body, contentType } = await signInBody(login);
  const half = Math.floor(body.length / 2);
  let finish = () => {};
  const answer = new Promise<{ status: number; cookies: string[] }>((resolve, reject) => {
    const outgoing = request(`${brokerUrl}/login`, {
      method: "POST",
      agent: false,
      headers: { "content-type": contentType, "content-length": String(body.length), origin: world.publicUrl },
    });
    outgoing.on("response", (response: IncomingMessage) => {
      response.resume();
      response.on("end", () => resolve({ status: response.statusCode ?? 0, cookies: response.headers["set-cookie"] ?? [] }));
    });
    outgoing.on("error", reject);
    outgoing.write(body.subarray(0, half));
    finish = () => outgoing.end(body.subarray(half));
  });
  // The first half is on the wire before the caller goes on.
  await new Promise((resolve) => setTimeout(resolve, 200));
  return { answer, finish: () => finish() };
}

test("SIGTERM lets running requests finish, a draining load balancer sees no failed request, and the other instance is unaffected", async () => {
  const [stopping, staying] = world.brokers as [(typeof world.brokers)[0], (typeof world.brokers)[0]];
  const answers: Answer[] = [];
  const acknowledged: string[] = [];
  let drainingFrom = 0;

  /**
   * The load balancer: both instances in turn; once a connection to one is refused (it stopped listening), the
   * same request goes to the other, as nothing was sent. Anything else that goes wrong is a failed request.
   */
  let turn = 0;
  const balance = async (what: string, send: (url: string) => Promise<Response>): Promise<Response | undefined> => {
    let broker = turn++ % 2;
    if (drainingFrom && broker === 0) broker = 1;
    const at = Date.now();
    for (;;) {
      try {
        const response = await send(world.brokers[broker]!.url);
        await response.clone().arrayBuffer();
        answers.push({ at, ms: Date.now() - at, broker, what, status: response.status });
        return response;
      } catch (error) {
        if (refused(error) && broker === 0) {
          drainingFrom ||= Date.now();
          broker = 1;
          continue;
        }
        answers.push({ at, ms: Date.now() - at, broker, what, status: 0, error: `${error} ${(error as Error).cause ?? ""}` });
        return undefined;
      }
    }
  };

  let flowing = true;
  const worker = async (index: number) => {
    for (let i = 0; flowing; i++) {
      const login = logins[(index + i) % logins.length]!;
      let token: string | undefined;
      const response = await balance("POST /login (password)", async (url) => {
        const { response, jar } = await postLoginForm(url, actionFields, { intent: "password", login, password: PASSWORD }, undefined, world.publicUrl);
        token = jar.get(SESSION_COOKIE);
        return response;
      });
      if (response?.status !== 303 || !token) continue;
      acknowledged.push(token);
      await balance("GET /api/v1/me", (url) => fetch(`${url}/api/v1/me`, { headers: { cookie: `${SESSION_COOKIE}=${token}` } }));
    }
  };
  const workers = [0, 1, 2].map(worker);
  await expect.poll(() => acknowledged.length, { timeout: 20_000 }).toBeGreaterThan(5);

  // An idle keep-alive connection to the stopping instance, which the client never closes itself.
  const keepAlive = new Agent({ keepAlive: true, maxSockets: 1 });
  let idleSocket: Socket | undefined;
  await new Promise<void>((resolve, reject) =>
    request(`${stopping.url}/login`, { agent: keepAlive }, (response) => {
      idleSocket = response.socket;
      response.resume().on("end", resolve);
    })
      .on("error", reject)
      .end(),
  );
  const idleClosed = new Promise<number>((resolve) => idleSocket!.once("close", () => resolve(Date.now())));
  // A sign-in whose body is still arriving when the signal comes: it is running, and must finish.
  const slow = await slowSignIn(stopping.url, logins[0]!);

  process.kill(stopping.pid, "SIGTERM");
  const signalAt = Date.now();
  await new Promise((resolve) => setTimeout(resolve, 2000));
  slow.finish();
  const slowAnswer = await slow.answer;
  const slowDoneAt = Date.now();
  const exitAt = await waitForExit(stopping.pid, 15_000);
  await new Promise((resolve) => setTimeout(resolve, 1000));
  flowing = false;
  await Promise.all(workers);
  keepAlive.destroy();

  const inFlight = answers.filter((a) => a.broker === 0 && a.at < signalAt && a.at + a.ms > signalAt);
  console.log(
    `SIGTERM: ${answers.length} answers, ${inFlight.length} of them running on the stopping instance at the signal; ` +
      `idle keep-alive connection closed ${(await idleClosed) - signalAt} ms after it; the 2 s upload answered ${slowAnswer.status}; ` +
      `exit ${exitAt - slowDoneAt} ms after the last request finished (${exitAt - signalAt} ms after the signal); ${acknowledged.length} sign-ins acknowledged`,
  );

  // No failed request: every answer a sign-in's redirect or a signed-in answer, from either instance.
  const failed = answers.filter((a) => a.status !== 303 && a.status !== 200);
  expect(failed.map((a) => `${a.what} on ${a.broker} at ${a.at - signalAt} ms: ${a.status} ${a.error ?? ""}`)).toEqual([]);
  // The request that was still arriving finished normally: the sign-in went through.
  expect(slowAnswer.status).toBe(303);
  expect(slowAnswer.cookies.some((cookie) => cookie.startsWith(`${SESSION_COOKIE}=`))).toBe(true);
  // Idle connections were closed at once, and the process left soon after its last request, well within the grace.
  expect((await idleClosed) - signalAt).toBeLessThan(1000);
  expect(exitAt - slowDoneAt).toBeLessThan(2000);
  // The other instance went on serving throughout, and serves every session acknowledged on either.
  expect(answers.filter((a) => a.broker === 1 && a.at > signalAt).length).toBeGreaterThan(5);
  const statuses = await Promise.all(
    acknowledged.map((token) => fetch(`${staying.url}/api/v1/me`, { headers: { cookie: `${SESSION_COOKIE}=${token}` } }).then((r) => r.status)),
  );
  expect(statuses.filter((status) => status !== 200)).toEqual([]);
});

test("a request still running when the grace period ends is cut then, and the process exits", async () => {
  const port = await freePort();
  const instance = await spawnGatehouse({ ...world.settingsFor(port), SHUTDOWN_GRACE_MS: "1000" }, { port });
  try {
    const slow = await slowSignIn(instance.url, logins[1]!);
    const outcome = slow.answer.then(
      (answer) => `answered ${answer.status}`,
      (error: Error) => `cut (${error.message})`,
    );
    process.kill(instance.pid, "SIGTERM");
    const signalAt = Date.now();
    const exitAt = await waitForExit(instance.pid, 10_000);
    console.log(`grace of 1000 ms: exit ${exitAt - signalAt} ms after the signal`);
    expect(exitAt - signalAt).toBeGreaterThanOrEqual(1000);
    expect(exitAt - signalAt).toBeLessThan(3000);
    expect(await outcome).toMatch(/^cut/);
    expect(instance.output()).toContain("grace period is over");
  } finally {
    await instance.stop();
  }
});
