import { createServer, type Server } from "node:https";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTlsMaterial } from "@/e2e/entra-emulator/certificates";
import { emulatorFetch } from "@/e2e/support/emulator-fetch";
import { frozenClock } from "@/lib/time/clock";
import type { Database } from "@/db/client";
import { fetchUserInfo, type SignInEngine } from "./engine";
import { flowKey } from "./flow-cookie";
import { createIssuerViews } from "./issuer-view";
import type { SignInProvider } from "./provider";

/**
 * The UserInfo step against a small HTTPS issuer whose UserInfo answer is chosen per test: its claims are used only
 * when its `sub` is the ID token's, and only with the access token presented as a bearer.
 */
let server: Server;
let issuer: string;
let engine: SignInEngine;
let answer: { status: number; body: unknown } = { status: 200, body: {} };
let seenAuthorization: string | undefined;

beforeAll(async () => {
  const tls = await createTlsMaterial(new Date());
  server = createServer({ key: tls.privateKeyPem, cert: tls.certificatePem }, (req, res) => {
    if (req.url === "/.well-known/openid-configuration") {
      res.setHeader("content-type", "application/json");
      res.end(JSON.stringify({ issuer, authorization_endpoint: `${issuer}/authorize`, token_endpoint: `${issuer}/token`, jwks_uri: `${issuer}/jwks`, userinfo_endpoint: `${issuer}/me` }));
      return;
    }
    seenAuthorization = req.headers.authorization;
    res.statusCode = answer.status;
    res.setHeader("content-type", "application/json");
    res.end(JSON.stringify(answer.body));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  issuer = `https://localhost:${(server.address() as AddressInfo).port}`;
  const fetch = emulatorFetch(tls.caPem);
  engine = { db: undefined as unknown as Database, views: createIssuerViews({ fetch }), fetch, clock: frozenClock("2026-11-28T12:00:00Z"), key: flowKey("userinfo-test-secret-0123456789abcdef") };
});
afterAll(() => new Promise((resolve) => server.close(resolve)));

const provider = (): SignInProvider => ({ id: "t-userinfo", discoveryIssuer: issuer, issuerRule: "discovery", clientId: "c", clientSecret: "s", redirectUri: "https://broker.example/cb", scope: "openid", authorizationParams: {} });

describe("fetchUserInfo", () => {
  it("returns the claims of a UserInfo answer about the same subject, asked with the access token", async () => {
    answer = { status: 200, body: { sub: "alice-1", email: "alice@example.com" } };
    expect(await fetchUserInfo(engine, provider(), { accessToken: "at-123", subject: "alice-1" })).toEqual({ ok: true, claims: { sub: "alice-1", email: "alice@example.com" } });
    expect(seenAuthorization).toBe("Bearer at-123");
  });

  it("refuses a UserInfo answer about another subject", async () => {
    answer = { status: 200, body: { sub: "mallory-9", email: "alice@example.com" } };
    expect(await fetchUserInfo(engine, provider(), { accessToken: "at-123", subject: "alice-1" })).toEqual({ ok: false, refusal: { reason: "answer_unverified", check: "userinfo_sub" } });
  });

  it("refuses an error answer as unverified, and a 5xx as the issuer being unreachable", async () => {
    answer = { status: 401, body: { error: "invalid_token" } };
    expect(await fetchUserInfo(engine, provider(), { accessToken: "at-123", subject: "alice-1" })).toMatchObject({ ok: false, refusal: { reason: "answer_unverified" } });
    answer = { status: 503, body: {} };
    expect(await fetchUserInfo(engine, provider(), { accessToken: "at-123", subject: "alice-1" })).toMatchObject({ ok: false, refusal: { reason: "idp_unreachable" } });
  });
});
