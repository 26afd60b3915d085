import { describe, expect, it } from "vitest";
import { frozenClock } from "@/lib/time/clock";
import { createRefusalThrottle } from "./refusal-throttle";

describe("createRefusalThrottle", () => {
  it("throttles an address after its refusals of one minute reach the limit, and lets it in again the next minute", () => {
    const clock = frozenClock("2026-11-28T12:00:05Z");
    const throttle = createRefusalThrottle(clock, { perMinute: 3 });
    for (let i = 0; i < 3; i += 1) {
      expect(throttle.isThrottled("192.0.2.1")).toBe(false);
      throttle.recordRefusal("192.0.2.1");
    }
    expect(throttle.isThrottled("192.0.2.1")).toBe(true);
    expect(throttle.isThrottled("192.0.2.2")).toBe(false);
    clock.advance(60_000);
    expect(throttle.isThrottled("192.0.2.1")).toBe(false);
  });

  it("keeps at most the given number of addresses, dropping the oldest", () => {
    const throttle = createRefusalThrottle(frozenClock("2026-11-28T12:00:05Z"), { perMinute: 1, maxAddresses: 2 });
    throttle.recordRefusal("a");
    throttle.recordRefusal("b");
    throttle.recordRefusal("c");
    expect(throttle.isThrottled("a")).toBe(false);
    expect(throttle.isThrottled("c")).toBe(true);
  });
});
