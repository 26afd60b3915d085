import { describe, expect, it } from "vitest";
import { CLOCK_TOLERANCE_SECONDS, issuedInTheFuture } from "./complete-code-flow";

/** The one ID-token time rule Gatehouse adds to oauth4webapi's (the emulator moves nbf with iat, so it is tested here). */
describe("an ID token's iat", () => {
  const now = new Date("2026-11-28T12:00:00Z");
  const seconds = now.getTime() / 1000;

  it("refuses a token issued later than now beyond the clock tolerance", () => {
    expect(issuedInTheFuture({ iat: seconds + CLOCK_TOLERANCE_SECONDS + 1 }, now)).toBe(true);
  });

  it("accepts a token issued within the tolerance, in the past, or without iat (oauth4webapi requires it)", () => {
    expect(issuedInTheFuture({ iat: seconds + CLOCK_TOLERANCE_SECONDS }, now)).toBe(false);
    expect(issuedInTheFuture({ iat: seconds - 300 }, now)).toBe(false);
    expect(issuedInTheFuture({}, now)).toBe(false);
  });
});
