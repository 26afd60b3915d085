import { describe, expect, it } from "vitest";
import { formatUtcDateTime } from "./format-utc";

describe("formatUtcDateTime", () => {
  it("writes the day, month name, year and 24-hour time in UTC", () => {
    expect(formatUtcDateTime("2026-11-21T09:05:59Z")).toBe("21 Nov 2026, 09:05 UTC");
  });

  it("converts other offsets to UTC, across a day boundary", () => {
    expect(formatUtcDateTime(new Date("2026-01-01T00:30:00+02:00"))).toBe("31 Dec 2025, 22:30 UTC");
  });
});
