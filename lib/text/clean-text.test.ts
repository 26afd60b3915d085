import { describe, expect, it } from "vitest";
import { cleanText, pageNumber } from "./clean-text";

describe("cleaning typed text", () => {
  it("normalises to NFC, drops control characters and trims", () => {
    expect(cleanText("  Cafe\u0301\u0000 \n")).toBe("Café");
    expect(cleanText(42)).toBe("");
  });
});

describe("page numbers from a query", () => {
  it("accept whole numbers from 1 to 100,000 and read anything else as page 1", () => {
    expect(pageNumber("3")).toBe(3);
    for (const bad of [null, undefined, "", "0", "-2", "1.5", "abc", "100001", ["2"]]) expect(pageNumber(bad)).toBe(1);
  });
});
