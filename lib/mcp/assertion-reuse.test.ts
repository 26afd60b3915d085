import { describe, expect, it } from "vitest";
import { frozenClock } from "@/lib/time/clock";
import { createAssertionReuse } from "./assertion-reuse";
import type { VerifiedPrincipal } from "./principal";

const principal = (): VerifiedPrincipal => ({
  kind: "user",
  workspace: { id: "w1", key: "contoso" },
  subject: "user-1",
  email: "ada@contoso.example",
  scopes: ["mcp"],
  credential: "gatehouse_access_token",
});

/** A signer that numbers its signatures, so each reuse or new signature shows. */
function counter() {
  let signed = 0;
  return { sign: async () => `assertion-${++signed}`, get signed() { return signed; } };
}

describe("the identity assertions the gateway reuses", () => {
  it("sends the same assertion for a principal's requests in the first 30 seconds of its life, then signs a new one", async () => {
    const clock = frozenClock("2026-06-01T12:00:00Z");
    const reuse = createAssertionReuse(clock);
    const signer = counter();
    const ada = principal();
    expect(await reuse(ada, signer.sign)).toBe("assertion-1");
    clock.advance(29_999);
    expect(await reuse(ada, signer.sign)).toBe("assertion-1");
    clock.advance(1);
    expect(await reuse(ada, signer.sign)).toBe("assertion-2");
    expect(signer.signed).toBe(2);
  });

  it("signs afresh for a principal verified again, as after the principal cache forgot it", async () => {
    const reuse = createAssertionReuse(frozenClock("2026-06-01T12:00:00Z"));
    const signer = counter();
    expect(await reuse(principal(), signer.sign)).toBe("assertion-1");
    expect(await reuse(principal(), signer.sign)).toBe("assertion-2");
  });

  it("does not keep a signature that failed", async () => {
    const reuse = createAssertionReuse(frozenClock("2026-06-01T12:00:00Z"));
    const ada = principal();
    await expect(reuse(ada, () => Promise.reject(new Error("no key")))).rejects.toThrow("no key");
    await Promise.resolve();
    expect(await reuse(ada, async () => "assertion-after")).toBe("assertion-after");
  });
});
