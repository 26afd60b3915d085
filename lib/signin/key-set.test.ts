import { exportJWK, generateKeyPair, SignJWT, type JWK } from "jose";
import { describe, expect, it } from "vitest";
import { createKeySet } from "./key-set";
import { verifyIdTokenSignature } from "./verify-id-token-signature";

async function issuerKey(kid: string | undefined, extra: Record<string, unknown> = {}) {
  const { publicKey, privateKey } = await generateKeyPair("RS256", { extractable: true });
  const jwk = { ...(await exportJWK(publicKey)), ...(kid ? { kid } : {}), use: "sig", ...extra } as JWK;
  return { jwk, privateKey };
}

function sign(privateKey: CryptoKey, header: Record<string, unknown>, claims: Record<string, unknown>) {
  return new SignJWT(claims).setProtectedHeader({ alg: "RS256", ...header }).sign(privateKey);
}

describe("an issuer's key set", () => {
  it("fetches the keys again at the first unknown kid, then at most once per cooldown", async () => {
    let now = 0;
    let published: JWK[] = [(await issuerKey("old")).jwk];
    let fetches = 0;
    const keys = createKeySet(async () => (fetches++, published), { cooldownMs: 30_000, now: () => now });
    expect((await keys.select("old")).ok).toBe(true);
    published = [...published, (await issuerKey("new")).jwk];
    now = 1000;
    expect((await keys.select("new")).ok).toBe(true);
    expect(fetches).toBe(2);
    expect(await keys.select("forged")).toEqual({ ok: false, problem: "kid_unknown" });
    expect(fetches).toBe(2);
    now = 31_000;
    expect(await keys.select("forged")).toEqual({ ok: false, problem: "kid_unknown" });
    expect(fetches).toBe(3);
  });

  it("refuses a token without kid when several keys are published, and takes the only one otherwise", async () => {
    const one = await issuerKey("a");
    const two = await issuerKey("b");
    expect(await createKeySet(async () => [one.jwk, two.jwk]).select(undefined)).toEqual({ ok: false, problem: "kid_missing" });
    expect((await createKeySet(async () => [one.jwk]).select(undefined)).ok).toBe(true);
  });

  it("keeps serving the last good keys when a refetch fails", async () => {
    let now = 0;
    let down = false;
    const { jwk } = await issuerKey("k");
    const keys = createKeySet(async () => {
      if (down) throw new Error("keys endpoint down");
      return [jwk];
    }, { freshMs: 1000, now: () => now });
    await keys.select("k");
    down = true;
    now = 5000;
    expect((await keys.select("k")).ok).toBe(true);
  });

  it("never offers a symmetric key, whatever the JWKS says", async () => {
    const keys = createKeySet(async () => [{ kty: "oct", k: "c2VjcmV0", kid: "hmac" }]);
    expect(await keys.select("hmac")).toEqual({ ok: false, problem: "no_usable_key" });
  });
});

describe("an ID token's signature", () => {
  const tid = "0c9c6f1e-3a57-4c1b-9f0e-6b2d41a7c5e3";

  it("is accepted from a key whose Entra issuer template matches the token's own tenant", async () => {
    const { jwk, privateKey } = await issuerKey("k", { issuer: "https://login.example/{tenantid}/v2.0" });
    const claims = { iss: `https://login.example/${tid}/v2.0`, tid };
    const token = await sign(privateKey, { kid: "k" }, claims);
    expect(await verifyIdTokenSignature(token, { algorithms: ["RS256"], keys: createKeySet(async () => [jwk]) }, claims)).toEqual({ ok: true });
  });

  it("is refused from a key that signs for another issuer than the token names", async () => {
    const { jwk, privateKey } = await issuerKey("k", { issuer: "https://login.example/11111111-1111-4111-8111-111111111111/v2.0" });
    const claims = { iss: `https://login.example/${tid}/v2.0`, tid };
    const token = await sign(privateKey, { kid: "k" }, claims);
    expect(await verifyIdTokenSignature(token, { algorithms: ["RS256"], keys: createKeySet(async () => [jwk]) }, claims)).toEqual({ ok: false, problem: "key_issuer_mismatch" });
  });

  it("is refused with an algorithm the issuer does not advertise", async () => {
    const { jwk, privateKey } = await issuerKey("k");
    const token = await sign(privateKey, { kid: "k" }, {});
    expect(await verifyIdTokenSignature(token, { algorithms: ["ES256"], keys: createKeySet(async () => [jwk]) }, {})).toEqual({ ok: false, problem: "alg_not_allowed" });
  });

  it("is refused when signed by another key under a published kid", async () => {
    const published = await issuerKey("k");
    const forger = await issuerKey("k");
    const token = await sign(forger.privateKey, { kid: "k" }, {});
    expect(await verifyIdTokenSignature(token, { algorithms: ["RS256"], keys: createKeySet(async () => [published.jwk]) }, {})).toEqual({ ok: false, problem: "signature_invalid" });
  });
});
