import { createPublicKey } from "node:crypto";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { createLocalJWKSet, importJWK, jwtVerify, UnsecuredJWT, type JWK } from "jose";
import { afterEach, describe, expect, it } from "vitest";
import {
  HOSTILE_MODES,
  HOSTILE_OTHER_CLIENT_ID,
  HOSTILE_OTHER_TENANT_ID,
  OVERSIZED_PADDING_CLAIM,
  OVERSIZED_RESPONSE_BYTES,
  type HostileMode,
} from "./hostile-modes";
import type { HttpsResponse } from "./https-client";
import { signInThroughAccountPicker } from "./sign-in-client";
import {
  authorizeUrl,
  claimsOf,
  codeFor,
  CONTOSO,
  headerOf,
  OTHER_MULTI_TENANT_APP,
  pkcePair,
  PLATFORM_APP,
  redeem,
  users,
  withContractEmulator,
} from "./test-fixture";

const emulator = withContractEmulator();

const KEYS_PATH = "/common/discovery/v2.0/keys";
const STATE = "state-123"; // what test-fixture's authorizeUrl sends
const NONCE = "nonce-456";

type PublishedKey = JWK & { kid: string; n: string; e: string; issuer: string };

async function publishedKeys(): Promise<PublishedKey[]> {
  return (JSON.parse((await emulator.get(KEYS_PATH)).body) as { keys: PublishedKey[] }).keys;
}

/** Authorize, pick Megan, redeem the code: what a relying party would receive at each step. */
async function signIn(clientId = PLATFORM_APP, extra: Record<string, string> = {}) {
  const { code, verifier, outcome } = await codeFor(emulator, { oid: users.verified.oid, clientId, extra });
  const response = await redeem(emulator, "common", code, verifier, { client_id: clientId });
  return { code, verifier, outcome, response, body: tokenBody(response) };
}

function tokenBody(response: HttpsResponse): Record<string, string> {
  return JSON.parse(response.body) as Record<string, string>;
}

async function idTokenOf(clientId = PLATFORM_APP): Promise<string> {
  const { response, body } = await signIn(clientId);
  expect(response.status).toBe(200);
  return body.id_token!;
}

/** The checks a correct relying party makes, all passing: signature by kid, issuer rule, audience, nonce, state. */
async function expectNormalSignIn(clientId = PLATFORM_APP) {
  const { code, verifier, outcome, response, body } = await signIn(clientId);
  if (outcome.kind !== "redirect") throw new Error("expected a redirect");
  expect(outcome.params.get("state")).toBe(STATE);
  expect(outcome.params.has("iss")).toBe(false);
  expect(response.status).toBe(200);
  expect(response.body.length).toBeLessThan(64 * 1024);
  const keys = await publishedKeys();
  const { payload, protectedHeader } = await jwtVerify(body.id_token!, createLocalJWKSet({ keys }), { audience: clientId, algorithms: ["RS256"] });
  expect(Object.keys(protectedHeader)).toEqual(["typ", "alg", "kid"]);
  const keyIssuer = keys.find((k) => k.kid === protectedHeader.kid)!.issuer;
  expect(payload.iss).toBe(keyIssuer.replace("{tenantid}", String(payload.tid)));
  expect(payload).toMatchObject({ aud: clientId, tid: CONTOSO, nonce: NONCE });
  expect(payload).not.toHaveProperty(OVERSIZED_PADDING_CLAIM);
  expect((await redeem(emulator, "common", code, verifier, { client_id: clientId })).status).toBe(400);
}

/** Runs `check` with PLATFORM_APP in `mode`, then clears the mode and expects the normal answer back. */
async function inMode(mode: HostileMode, check: () => Promise<void>) {
  await emulator.admin.setHostileMode(PLATFORM_APP, mode);
  try {
    await check();
  } finally {
    await emulator.admin.setHostileMode(PLATFORM_APP, null);
  }
  await expectNormalSignIn();
}

afterEach(async () => {
  expect(await emulator.admin.hostileModes()).toEqual({});
});

describe("hostile mode: the ID token's signature and header", () => {
  it("bad_signature: a well-formed JWS naming a published kid whose signature does not verify", async () => {
    await inMode("bad_signature", async () => {
      const token = await idTokenOf();
      const [, , signature] = token.split(".");
      expect(Buffer.from(signature!, "base64url")).toHaveLength(256);
      const keys = await publishedKeys();
      expect(keys.map((k) => k.kid)).toContain(headerOf(token).kid);
      await expect(jwtVerify(token, createLocalJWKSet({ keys }), { audience: PLATFORM_APP })).rejects.toMatchObject({
        code: "ERR_JWS_SIGNATURE_VERIFICATION_FAILED",
      });
    });
  });

  it("unknown_kid: signed with a key the key sets never list", async () => {
    await inMode("unknown_kid", async () => {
      const token = await idTokenOf();
      const { kid } = headerOf(token);
      expect(kid).toEqual(expect.any(String));
      expect((await publishedKeys()).map((k) => k.kid)).not.toContain(kid);
      expect((await emulator.admin.signingKeys()).kids).not.toContain(kid);
      await expect(jwtVerify(token, createLocalJWKSet({ keys: await publishedKeys() }))).rejects.toMatchObject({ code: "ERR_JWKS_NO_MATCHING_KEY" });
      // Always the same unpublished key, and still unpublished after a second sign-in.
      expect(headerOf(await idTokenOf()).kid).toBe(kid);
      expect((await publishedKeys()).map((k) => k.kid)).not.toContain(kid);
    });
  });

  it("missing_kid: no kid and no x5t while the key set lists two keys; one of them did sign", async () => {
    await inMode("missing_kid", async () => {
      const token = await idTokenOf();
      expect(headerOf(token)).toEqual({ typ: "JWT", alg: "RS256" });
      const keys = await publishedKeys();
      expect(keys.length).toBeGreaterThanOrEqual(2);
      await expect(jwtVerify(token, createLocalJWKSet({ keys }), { audience: PLATFORM_APP })).rejects.toMatchObject({
        code: "ERR_JWKS_MULTIPLE_MATCHING_KEYS",
      });
      let verifiedBy = 0;
      for (const key of keys) {
        const ok = await jwtVerify(token, await importJWK(key, "RS256"), { audience: PLATFORM_APP }).then(() => true, () => false);
        if (ok) verifiedBy += 1;
      }
      expect(verifiedBy).toBe(1);
    });
  });

  it("alg_none: an unsecured JWS with an empty signature and the usual claims", async () => {
    await inMode("alg_none", async () => {
      const token = await idTokenOf();
      expect(token.endsWith(".")).toBe(true);
      expect(headerOf(token)).toMatchObject({ typ: "JWT", alg: "none", kid: expect.any(String) });
      expect(UnsecuredJWT.decode(token).payload).toMatchObject({ aud: PLATFORM_APP, nonce: NONCE, tid: CONTOSO });
      const jwks = createLocalJWKSet({ keys: await publishedKeys() });
      await expect(jwtVerify(token, jwks, { algorithms: ["RS256"] })).rejects.toMatchObject({ code: "ERR_JOSE_ALG_NOT_ALLOWED" });
      await expect(jwtVerify(token, jwks)).rejects.toThrow();
    });
  });

  it("hs256_public_key: HMAC-SHA256 keyed with the SPKI PEM of the published key its kid names", async () => {
    await inMode("hs256_public_key", async () => {
      const token = await idTokenOf();
      const header = headerOf(token);
      expect(header).toMatchObject({ typ: "JWT", alg: "HS256" });
      const published = (await publishedKeys()).find((k) => k.kid === header.kid)!;
      expect(published).toBeDefined();
      const pem = createPublicKey({ key: { kty: "RSA", n: published.n, e: published.e }, format: "jwk" }).export({ type: "spki", format: "pem" });
      expect(String(pem)).toMatch(/^-----BEGIN PUBLIC KEY-----\n[\s\S]+\n-----END PUBLIC KEY-----\n$/);
      const { payload } = await jwtVerify(token, new TextEncoder().encode(String(pem)), { algorithms: ["HS256"], audience: PLATFORM_APP });
      expect(payload).toMatchObject({ nonce: NONCE, tid: CONTOSO });
      await expect(jwtVerify(token, createLocalJWKSet({ keys: await publishedKeys() }), { algorithms: ["RS256"] })).rejects.toMatchObject({
        code: "ERR_JOSE_ALG_NOT_ALLOWED",
      });
    });
  });
});

describe("hostile mode: the ID token's claims, validly signed", () => {
  /** Signature and kid are fine: only claim checks can catch these. */
  async function verifiedPayload() {
    const token = await idTokenOf();
    const { payload } = await jwtVerify(token, createLocalJWKSet({ keys: await publishedKeys() }), { algorithms: ["RS256"], clockTolerance: "1 day" });
    return payload;
  }

  it("wrong_iss: the issuer of another tenant, tid unchanged", async () => {
    await inMode("wrong_iss", async () => {
      const payload = await verifiedPayload();
      expect(payload.iss).toBe(`${emulator.url}/${HOSTILE_OTHER_TENANT_ID}/v2.0`);
      expect(payload.tid).toBe(CONTOSO);
      expect(HOSTILE_OTHER_TENANT_ID).not.toBe(CONTOSO);
      const keys = await publishedKeys();
      const token = await idTokenOf();
      const expectedIssuer = keys.find((k) => k.kid === headerOf(token).kid)!.issuer.replace("{tenantid}", CONTOSO);
      await expect(jwtVerify(token, createLocalJWKSet({ keys }), { issuer: expectedIssuer })).rejects.toMatchObject({
        code: "ERR_JWT_CLAIM_VALIDATION_FAILED",
        claim: "iss",
      });
    });
  });

  it("wrong_aud: another client id as audience", async () => {
    await inMode("wrong_aud", async () => {
      expect((await verifiedPayload()).aud).toBe(HOSTILE_OTHER_CLIENT_ID);
      const token = await idTokenOf();
      await expect(jwtVerify(token, createLocalJWKSet({ keys: await publishedKeys() }), { audience: PLATFORM_APP })).rejects.toMatchObject({
        code: "ERR_JWT_CLAIM_VALIDATION_FAILED",
        claim: "aud",
      });
    });
  });

  it("missing_aud: no aud claim", async () => {
    await inMode("missing_aud", async () => {
      const payload = await verifiedPayload();
      expect(payload).not.toHaveProperty("aud");
      expect(payload).toMatchObject({ nonce: NONCE, tid: CONTOSO });
      const token = await idTokenOf();
      await expect(jwtVerify(token, createLocalJWKSet({ keys: await publishedKeys() }), { audience: PLATFORM_APP })).rejects.toMatchObject({
        code: "ERR_JWT_CLAIM_VALIDATION_FAILED",
        claim: "aud",
      });
    });
  });

  it("expired: exp more than ten minutes ago, iat and nbf the usual 65 minutes before it", async () => {
    await inMode("expired", async () => {
      const now = Math.floor(Date.now() / 1000);
      const payload = await verifiedPayload();
      expect(payload.exp!).toBeLessThan(now - 600);
      expect(payload.exp! - payload.iat!).toBe(3900);
      expect(payload.nbf).toBe(payload.iat);
      const token = await idTokenOf();
      await expect(jwtVerify(token, createLocalJWKSet({ keys: await publishedKeys() }), { clockTolerance: 300 })).rejects.toMatchObject({
        code: "ERR_JWT_EXPIRED",
      });
    });
  });

  it("future_iat: iat and nbf an hour ahead", async () => {
    await inMode("future_iat", async () => {
      const now = Math.floor(Date.now() / 1000);
      const payload = await verifiedPayload();
      expect(payload.iat!).toBeGreaterThanOrEqual(now + 3590);
      expect(payload.iat!).toBeLessThanOrEqual(now + 3610);
      expect(payload.nbf).toBe(payload.iat);
      expect(payload.exp! - payload.iat!).toBe(3900);
      const token = await idTokenOf();
      await expect(jwtVerify(token, createLocalJWKSet({ keys: await publishedKeys() }), { clockTolerance: 300 })).rejects.toMatchObject({
        code: "ERR_JWT_CLAIM_VALIDATION_FAILED",
        claim: "nbf",
      });
    });
  });

  it("wrong_nonce: a nonce other than the authorization request's", async () => {
    await inMode("wrong_nonce", async () => {
      const payload = await verifiedPayload();
      expect(payload.nonce).toEqual(expect.any(String));
      expect(payload.nonce).not.toBe(NONCE);
    });
  });

  it("missing_nonce: no nonce claim although the request sent one", async () => {
    await inMode("missing_nonce", async () => {
      const payload = await verifiedPayload();
      expect(payload).not.toHaveProperty("nonce");
      expect(payload).toMatchObject({ aud: PLATFORM_APP, tid: CONTOSO });
    });
  });

  it("oversized_token: a validly signed ID token that makes the token response just over 1 MiB", async () => {
    await inMode("oversized_token", async () => {
      const { response, body } = await signIn();
      expect(response.status).toBe(200);
      const size = Buffer.byteLength(response.body);
      expect(size).toBeGreaterThanOrEqual(OVERSIZED_RESPONSE_BYTES);
      expect(size).toBeLessThan(OVERSIZED_RESPONSE_BYTES + 1024);
      expect(Number(response.headers["content-length"])).toBe(size);
      const { payload } = await jwtVerify(body.id_token!, createLocalJWKSet({ keys: await publishedKeys() }), { audience: PLATFORM_APP });
      expect(payload).toMatchObject({ nonce: NONCE, tid: CONTOSO });
      expect(String(payload[OVERSIZED_PADDING_CLAIM]).length).toBeGreaterThan(700 * 1024);
    });
  });
});

describe("hostile mode: the authorization response", () => {
  it("wrong_state: the redirect carries a state the client never sent; the code itself is good", async () => {
    await inMode("wrong_state", async () => {
      const { outcome, response } = await signIn();
      if (outcome.kind !== "redirect") throw new Error("expected a redirect");
      expect(outcome.params.get("state")).toEqual(expect.any(String));
      expect(outcome.params.get("state")).not.toBe(STATE);
      expect(response.status).toBe(200);
    });
  });

  it("mixup_iss: an RFC 9207 iss parameter naming an issuer other than the discovery document's", async () => {
    const discovery = async (tenant: string) => JSON.parse((await emulator.get(`/${tenant}/v2.0/.well-known/openid-configuration`)).body);
    expect(await discovery("common")).not.toHaveProperty("authorization_response_iss_parameter_supported");
    await inMode("mixup_iss", async () => {
      const { outcome, response } = await signIn();
      if (outcome.kind !== "redirect") throw new Error("expected a redirect");
      const iss = outcome.params.get("iss");
      expect(iss).toBe(`${emulator.url}/${HOSTILE_OTHER_TENANT_ID}/v2.0`);
      expect(iss).not.toBe((await discovery("common")).issuer);
      expect(iss).not.toBe((await discovery(CONTOSO)).issuer);
      expect(outcome.params.get("state")).toBe(STATE);
      expect(response.status).toBe(200);

      const url = authorizeUrl(emulator, "common", { code_challenge: pkcePair().challenge, response_mode: "form_post" });
      const formPost = await signInThroughAccountPicker({ authorizeUrl: url, oid: users.verified.oid, caPem: emulator.caPem });
      if (formPost.kind !== "form_post") throw new Error("expected a form post");
      expect(formPost.fields.iss).toBe(iss);
    });
  });
});

describe("hostile mode: the token endpoint", () => {
  it("code_replay: the same authorization code is honoured twice", async () => {
    await inMode("code_replay", async () => {
      const first = await signIn();
      expect(first.response.status).toBe(200);
      const second = await redeem(emulator, "common", first.code, first.verifier);
      expect(second.status).toBe(200);
      expect(claimsOf(tokenBody(second).id_token!)).toMatchObject({ aud: PLATFORM_APP, nonce: NONCE, sub: claimsOf(first.body.id_token!).sub });
    });
  });

  it("token_error: 400 invalid_grant AADSTS70008 in Entra's format for a good code", async () => {
    await inMode("token_error", async () => {
      const { response, body } = await signIn();
      expect(response.status).toBe(400);
      expect(response.headers["cache-control"]).toBe("no-store, no-cache");
      expect(Object.keys(body)).toEqual(["error", "error_description", "error_codes", "timestamp", "trace_id", "correlation_id", "error_uri"]);
      expect(body).toMatchObject({ error: "invalid_grant", error_codes: [70008] });
      expect(body.error_description).toMatch(/^AADSTS70008: .+\r\nTrace ID: .+\r\nCorrelation ID: .+\r\nTimestamp: \d{4}-\d\d-\d\d \d\d:\d\d:\d\dZ$/);
    });
  });

  it("missing_id_token: 200 with an access token and no id_token although openid was granted", async () => {
    await inMode("missing_id_token", async () => {
      const { response, body } = await signIn();
      expect(response.status).toBe(200);
      expect(body.scope).toContain("openid");
      expect(body.access_token).toEqual(expect.any(String));
      expect(body).not.toHaveProperty("id_token");
    });
  });
});

describe("hostile mode through the admin API", () => {
  it("lists every mode, and this file tests each one", async () => {
    const listed = JSON.parse((await emulator.get("/_emulator/hostile-modes")).body) as { available: string[] };
    expect(listed.available).toEqual([...HOSTILE_MODES]);
    const source = readFileSync(fileURLToPath(import.meta.url), "utf8");
    const tested = new Set([...source.matchAll(/inMode\("([a-z0-9_]+)"/g)].map((m) => m[1]));
    expect([...HOSTILE_MODES].filter((mode) => !tested.has(mode))).toEqual([]);
  });

  it("affects only the client it is set for, and reads back", async () => {
    await emulator.admin.setHostileMode(PLATFORM_APP, "bad_signature");
    try {
      expect(await emulator.admin.hostileModes()).toEqual({ [PLATFORM_APP]: "bad_signature" });
      await expectNormalSignIn(OTHER_MULTI_TENANT_APP);
    } finally {
      await emulator.admin.setHostileMode(PLATFORM_APP, null);
    }
  });

  it("refuses an unknown mode and an unknown client id", async () => {
    await expect(emulator.admin.setHostileMode(PLATFORM_APP, "friendly" as HostileMode)).rejects.toThrow(/answered 400/);
    await expect(emulator.admin.setHostileMode(HOSTILE_OTHER_CLIENT_ID, "alg_none")).rejects.toThrow(/answered 404/);
  });
});

describe("signing-key rotation (the good case a relying party must follow)", () => {
  it("signs with a new kid that only a fresh key-set fetch reveals, keeps the old key published, and counts the fetches", async () => {
    await emulator.admin.resetRequests();
    const cached = await publishedKeys();
    const before = headerOf(await idTokenOf()).kid!;
    expect(cached.map((k) => k.kid)).toContain(before);

    const { kid: rotated } = await emulator.admin.rotateSigningKey();
    const token = await idTokenOf();
    expect(headerOf(token).kid).toBe(rotated);
    expect(rotated).not.toBe(before);
    await expect(jwtVerify(token, createLocalJWKSet({ keys: cached }))).rejects.toMatchObject({ code: "ERR_JWKS_NO_MATCHING_KEY" });

    const refetched = await publishedKeys();
    expect(refetched.map((k) => k.kid)).toEqual(expect.arrayContaining([before, rotated]));
    await jwtVerify(token, createLocalJWKSet({ keys: refetched }), { audience: PLATFORM_APP });
    expect(await emulator.admin.keySetFetches()).toEqual({ [KEYS_PATH]: 2 });
    expect((await emulator.admin.requestCounts()).keys).toBe(2);
  });
});
