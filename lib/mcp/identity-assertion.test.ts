import { createLocalJWKSet, decodeProtectedHeader, jwtVerify } from "jose";
import { describe, expect, it } from "vitest";
import { frozenClock } from "@/lib/time/clock";
import { deriveAssertionSigningKey } from "./assertion-signing-key";
import { ASSERTION_TYPE, assertionKeySet, signIdentityAssertion } from "./identity-assertion";
import type { VerifiedPrincipal } from "./principal";

const principal: VerifiedPrincipal = {
  kind: "user",
  workspace: { id: "w-1", key: "contoso" },
  subject: "6b1e4f2a-93c7-4d58-a0b6-2f8e1c7d9a34",
  email: "megan@contoso.example",
  scopes: ["mcp.access"],
  credential: "entra_access_token",
  entra: { tid: "0c9c6f1e-3a57-4c1b-9f0e-6b2d41a7c5e3", oid: "6b1e4f2a-93c7-4d58-a0b6-2f8e1c7d9a34" },
};
const UPSTREAM = "http://mcp.internal:8080/mcp";

describe("the identity assertion", () => {
  it("verifies with the published keys, for the upstream's URL, naming the person, workspace and scopes", async () => {
    const key = await deriveAssertionSigningKey(new Uint8Array(32).fill(7));
    const clock = frozenClock("2026-11-28T12:00:00Z");
    const assertion = await signIdentityAssertion(principal, { issuer: "https://id.example.com", audience: UPSTREAM, key, clock });
    const { payload, protectedHeader } = await jwtVerify(assertion, createLocalJWKSet(assertionKeySet([key]) as never), {
      algorithms: ["ES256"],
      issuer: "https://id.example.com",
      audience: UPSTREAM,
      typ: ASSERTION_TYPE,
      currentDate: clock.now(),
    });
    expect(protectedHeader.kid).toBe(key.kid);
    expect(payload).toMatchObject({ sub: principal.subject, workspace: "contoso", email: "megan@contoso.example", scope: "mcp.access", principal: "user", tid: principal.entra!.tid });
    expect(payload.exp! - payload.iat!).toBe(60);
  });

  it("is refused by a verifier once its 60 seconds are over", async () => {
    const key = await deriveAssertionSigningKey(new Uint8Array(32).fill(7));
    const clock = frozenClock("2026-11-28T12:00:00Z");
    const assertion = await signIdentityAssertion(principal, { issuer: "https://id.example.com", audience: UPSTREAM, key, clock });
    await expect(jwtVerify(assertion, createLocalJWKSet(assertionKeySet([key]) as never), { audience: UPSTREAM, currentDate: new Date("2026-11-28T12:01:01Z") })).rejects.toThrow(/exp/);
  });

  it("derives the same key from the same secret on every instance, and another key from another secret", async () => {
    const a = await deriveAssertionSigningKey(new Uint8Array(32).fill(7));
    const b = await deriveAssertionSigningKey(new Uint8Array(32).fill(7));
    const c = await deriveAssertionSigningKey(new Uint8Array(32).fill(8));
    expect(a.kid).toBe(b.kid);
    expect(a.publicJwk).toEqual(b.publicJwk);
    expect(c.kid).not.toBe(a.kid);
    expect(a.publicJwk).not.toHaveProperty("d");
  });

  it("is signed with ES256 and a kid, never anything else", async () => {
    const key = await deriveAssertionSigningKey(new Uint8Array(32).fill(3));
    const assertion = await signIdentityAssertion(principal, { issuer: "https://id.example.com", audience: UPSTREAM, key, clock: frozenClock("2026-11-28T12:00:00Z") });
    expect(decodeProtectedHeader(assertion)).toEqual({ alg: "ES256", kid: key.kid, typ: ASSERTION_TYPE });
  });
});
