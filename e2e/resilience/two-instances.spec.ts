import { expect, test } from "@playwright/test";
import { startEntraWorld, type EntraWorld } from "../support/broker-with-entra";
import { northwindUsers, users } from "../support/entra-test-seed";
import { headlessSignIn, SESSION_COOKIE } from "../support/headless-sign-in";
import { loginFormActionFields, postLoginForm } from "../support/login-form";
import { hashPassword } from "@/lib/auth/password-hash";

/**
 * Two Gatehouse servers on different ports, one Postgres database, one public URL (as behind a load balancer):
 * they must behave as one. No browser: every request is plain HTTP, as a browser would send it.
 */
test.describe.configure({ mode: "serial", timeout: 120_000 });

let world: EntraWorld;
test.beforeAll(async () => {
  test.setTimeout(180_000);
  world = await startEntraWorld({ brokers: 2 });
});
test.afterAll(async () => world?.stop());

const me = (brokerUrl: string, sessionToken: string) => fetch(`${brokerUrl}/api/v1/me`, { headers: { cookie: `${SESSION_COOKIE}=${sessionToken}` } });

test("a Microsoft sign-in begun on one instance completes on the other", async () => {
  const [first, second] = world.brokers;
  const signIn = await headlessSignIn({
    brokerUrl: first!.url,
    callbackBrokerUrl: second!.url,
    startPath: "/api/v1/auth/microsoft/login",
    oid: users.megan.oid,
    emulatorCaPem: world.emulator.caPem,
  });
  expect(signIn.landedAt).toMatch(/\/auth\/callback$/);
  expect(signIn.sessionToken).toBeTruthy();
  for (const broker of [first!, second!]) {
    const response = await me(broker.url, signIn.sessionToken!);
    expect(response.status).toBe(200);
    expect((await response.json()).user.name).toBe(users.megan.name);
  }
});

test("failed passwords are counted across both instances, and the lock holds on both", async () => {
  const login = "pat.throttled@password.example";
  const password = "the right passphrase for pat";
  const id = crypto.randomUUID();
  await world.sql`insert into "user" (id, name, email) values (${id}, 'Pat Throttled', ${login})`;
  await world.sql`insert into password_credential (user_id, login, hash) values (${id}, ${login}, ${await hashPassword(password)})`;
  const [first, second] = world.brokers;
  const fields = { first: await loginFormActionFields(first!.url), second: await loginFormActionFields(second!.url) };
  const attempt = async (broker: "first" | "second", typed: string) => {
    const { response, jar } = await postLoginForm(world.brokers[broker === "first" ? 0 : 1]!.url, fields[broker], { intent: "password", login, password: typed }, undefined, world.publicUrl);
    return { status: response.status, html: await response.text(), signedIn: jar.get(SESSION_COOKIE) !== undefined };
  };

  // Four failures, alternating between the instances: each one sees the other's.
  for (const broker of ["first", "second", "first", "second"] as const) {
    const failed = await attempt(broker, "wrong password");
    expect(failed.html).toContain("Incorrect email or password.");
  }
  const fifth = await attempt("first", "wrong password");
  expect(fifth.html).toContain("Too many failed sign-in attempts. Try again in 15 minutes.");
  const [bucket] = await world.sql`select failures from sign_in_throttle where bucket = ${`account:${login}`}`;
  expect(bucket!.failures).toBe(5);

  // Locked on both, even with the right password.
  for (const broker of ["second", "first"] as const) {
    const locked = await attempt(broker, password);
    expect(locked.signedIn).toBe(false);
    expect(locked.html).toContain("Too many failed sign-in attempts.");
  }
});

test("removing a user on one instance ends their session on both at the next request", async () => {
  const [first, second] = world.brokers;
  const signIn = (person: { oid: string; email: string }) =>
    headlessSignIn({
      brokerUrl: first!.url,
      startPath: `/api/v1/auth/sso/northwind/login?login_hint=${encodeURIComponent(person.email)}`,
      oid: person.oid,
      emulatorCaPem: world.emulator.caPem,
    });
  const admin = await signIn(northwindUsers.nina);
  const member = await signIn(northwindUsers.omar);
  for (const broker of [first!, second!]) expect((await me(broker.url, member.sessionToken!)).status).toBe(200);

  const memberId = (await (await me(first!.url, member.sessionToken!)).json()).user.id as string;
  const removal = await fetch(`${second!.url}/api/v1/settings/users/${memberId}`, {
    method: "DELETE",
    // The public origin both instances serve: the removal passes the same-origin check on either.
    headers: { cookie: `${SESSION_COOKIE}=${admin.sessionToken}`, origin: world.publicUrl },
  });
  expect(removal.status).toBe(200);

  for (const broker of [first!, second!]) {
    const response = await me(broker.url, member.sessionToken!);
    expect(response.status).toBe(401);
    expect((await response.json()).message).toBe("Your session has ended. Sign in again.");
  }
  expect(await world.sql`select 1 from session where session_token = ${member.sessionToken!}`).toHaveLength(0);
});
