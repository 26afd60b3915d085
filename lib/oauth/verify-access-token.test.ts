import { SignJWT, generateKeyPair, importJWK } from "jose";
import { beforeAll, describe, expect, it } from "vitest";
import { withTestDatabase } from "@/db/testing/test-database";
import { frozenClock } from "@/lib/time/clock";
import { loadKeyRing, type KeyRing } from "./key-ring";
import { createSigningKey } from "./signing-keys";
import { TEST_ENCRYPTION_KEY } from "./testing/authorization-server-harness";
import { gatehouseAccessTokenVerifier } from "./verify-access-token";

const t = withTestDatabase();
const ISSUER = "https://id.example.com";
const RESOURCE = `${ISSUER}/mcp`;
const clock = frozenClock("2026-06-01T12:00:00Z");
const now = () => Math.floor(clock.now().getTime() / 1000);
let ring: KeyRing;

beforeAll(async () => {
  await createSigningKey(t.db, TEST_ENCRYPTION_KEY, clock);
  ring = await loadKeyRing(t.db, [TEST_ENCRYPTION_KEY], clock);
});

async function token(overrides: { header?: Record<string, unknown>; claims?: Record<string, unknown>; key?: CryptoKey | Uint8Array } = {}) {
  const signing = ring.keys()[0]!;
  const key = overrides.key ?? ((await importJWK(signing.privateJwk, "ES256")) as CryptoKey);
  const claims = { iss: ISSUER, aud: RESOURCE, sub: "user-1", iat: now(), exp: now() + 900, client_id: "client-1", scope: "mcp", workspace: "tenant-1", email: "ada@contoso.example", jti: "j1", ...overrides.claims };
  return new SignJWT(claims)
    .setProtectedHeader({ alg: "ES256", typ: "at+jwt", kid: signing.kid, ...overrides.header } as never)
    .sign(key);
}

const verify = (jwt: string) => gatehouseAccessTokenVerifier({ keyRing: ring, issuer: ISSUER, clock })(jwt, { resource: RESOURCE });

describe("verifyGatehouseAccessToken", () => {
  it("returns the user, workspace, e-mail, scopes, client and expiry of a valid token", async () => {
    expect(await verify(await token())).toEqual({
      ok: true,
      principal: { kind: "user", sub: "user-1", workspace: "tenant-1", email: "ada@contoso.example", scopes: ["mcp"], clientId: "client-1", expiresAt: new Date((now() + 900) * 1000), issuedAt: new Date(now() * 1000) },
    });
  });

  it("rejects a token that is not a JWT", async () => {
    expect(await verify("opaque-token")).toEqual({ ok: false, code: "token_malformed" });
  });

  it("rejects a JWT whose typ is not at+jwt (an ID token, say)", async () => {
    expect(await verify(await token({ header: { typ: "JWT" } }))).toEqual({ ok: false, code: "token_wrong_type" });
  });

  it("rejects a token whose kid the key ring does not list", async () => {
    expect(await verify(await token({ header: { kid: "unknown" } }))).toEqual({ ok: false, code: "token_unknown_key" });
  });

  it("rejects a token signed by another key under a known kid", async () => {
    const stranger = await generateKeyPair("ES256");
    expect(await verify(await token({ key: stranger.privateKey }))).toEqual({ ok: false, code: "token_signature_invalid" });
  });

  it("rejects a token from another issuer", async () => {
    expect(await verify(await token({ claims: { iss: "https://evil.example.com" } }))).toEqual({ ok: false, code: "token_wrong_issuer" });
  });

  it("rejects a token for another resource", async () => {
    expect(await verify(await token({ claims: { aud: `${ISSUER}/other` } }))).toEqual({ ok: false, code: "token_wrong_audience" });
  });

  it("rejects a token expired more than a minute ago, and accepts one within the minute of skew", async () => {
    expect(await verify(await token({ claims: { exp: now() - 61 } }))).toEqual({ ok: false, code: "token_expired" });
    expect((await verify(await token({ claims: { exp: now() - 30 } }))).ok).toBe(true);
  });

  it("rejects a token without client_id", async () => {
    expect(await verify(await token({ claims: { client_id: undefined } }))).toEqual({ ok: false, code: "token_claims_missing" });
  });

  it("rejects a token signed with an algorithm other than ES256", async () => {
    const secret = new Uint8Array(32).fill(1);
    expect(await verify(await token({ header: { alg: "HS256" }, key: secret }))).toEqual({ ok: false, code: "token_wrong_algorithm" });
  });
});
