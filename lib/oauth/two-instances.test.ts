import { decodeProtectedHeader } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { withTestDatabase } from "@/db/testing/test-database";
import { frozenClock } from "@/lib/time/clock";
import { UNKNOWN_KID_COOLDOWN_MS } from "./key-ring";
import { mcpResourceOf } from "./paths";
import { rotateSigningKey } from "./signing-keys";
import {
  TEST_ENCRYPTION_KEY,
  authorize,
  redeemCode,
  refresh,
  registerNativeClient,
  startAuthorizationServer,
  type RunningAuthorizationServer,
} from "./testing/authorization-server-harness";

const t = withTestDatabase();
const clock = frozenClock(new Date());
const person = { userId: "user-ada", tenantId: "tenant-contoso", label: null, clientIp: "127.0.0.1" };
// Two instances of one deployment: one public origin (the first's), two processes' worth of state, one database.
let a: RunningAuthorizationServer;
let b: RunningAuthorizationServer;
let issuer: string;

beforeAll(async () => {
  a = await startAuthorizationServer(t.db, clock);
  issuer = a.origin;
  b = await startAuthorizationServer(t.db, clock, { origin: issuer });
});
afterAll(async () => {
  await a?.close();
  await b?.close();
});

async function tokensFrom(run: { code: string; codeVerifier: string; redirectUri: string; clientId: string; iss: string | null; state: string }, on: string) {
  const answer = await redeemCode(on, run, mcpResourceOf(issuer));
  expect(answer.status).toBe(200);
  return { accessToken: String(answer.body.access_token), refreshToken: String(answer.body.refresh_token) };
}

describe("two instances on one database", () => {
  it("act as one: a client registered on one, authorized across both, redeemed and refreshed on either", async () => {
    const client = await registerNativeClient(b.origin);
    const run = await authorize(issuer, client, person, { decideOn: b.server, db: t.db, clock, resumeOrigin: b.origin });
    const tokens = await tokensFrom(run, a.origin);
    expect((await b.server.verifyAccessToken(tokens.accessToken, { resource: mcpResourceOf(issuer) })).ok).toBe(true);

    const rotated = await refresh(b.origin, client.clientId, tokens.refreshToken);
    expect(rotated.status).toBe(200);
    // The spent token presented to the other instance is still recognised as spent, and the family is revoked.
    expect(await refresh(a.origin, client.clientId, tokens.refreshToken)).toMatchObject({ status: 400, body: { error: "invalid_grant" } });
    expect(await refresh(b.origin, client.clientId, String(rotated.body.refresh_token))).toMatchObject({ status: 400, body: { error: "invalid_grant" } });
  });

  it("follow a key rotation without a restart: old tokens verify during the overlap, the old key is gone after it", async () => {
    const client = await registerNativeClient(a.origin);
    const before = await tokensFrom(await authorize(issuer, client, person, { decideOn: a.server, db: t.db, clock }), a.origin);
    const oldKid = decodeProtectedHeader(before.accessToken).kid;

    const newKid = await rotateSigningKey(t.db, TEST_ENCRYPTION_KEY, clock, 60_000);
    await a.server.refreshKeys();
    const after = await tokensFrom(await authorize(issuer, client, person, { decideOn: a.server, db: t.db, clock }), a.origin);
    expect(decodeProtectedHeader(after.accessToken).kid).toBe(newKid);

    // B has not looked at the keys since it started; the unknown kid makes it reload them (once the cooldown allows).
    clock.advance(UNKNOWN_KID_COOLDOWN_MS + 1);
    expect((await b.server.verifyAccessToken(after.accessToken, { resource: mcpResourceOf(issuer) })).ok).toBe(true);
    expect((await b.server.verifyAccessToken(before.accessToken, { resource: mcpResourceOf(issuer) })).ok).toBe(true);
    const published = (await (await fetch(`${b.origin}/oauth2/jwks`)).json()) as { keys: Array<{ kid: string }> };
    expect(published.keys.map((k) => k.kid)).toEqual([newKid, oldKid]);

    clock.advance(60_000);
    await b.server.refreshKeys();
    expect(await b.server.verifyAccessToken(before.accessToken, { resource: mcpResourceOf(issuer) })).toEqual({ ok: false, code: "token_unknown_key" });
    expect((await b.server.verifyAccessToken(after.accessToken, { resource: mcpResourceOf(issuer) })).ok).toBe(true);
    const republished = (await (await fetch(`${b.origin}/oauth2/jwks`)).json()) as { keys: Array<{ kid: string }> };
    expect(republished.keys.map((k) => k.kid)).toEqual([newKid]);
  });
});
