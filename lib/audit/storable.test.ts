import { describe, expect, it } from "vitest";
import { storableDetail, storableText } from "./storable";

describe("storable audit values", () => {
  it("replaces NUL, which Postgres text and jsonb refuse", () => {
    expect(storableText("a\u0000b")).toBe("a\uFFFDb");
    expect(storableDetail({ error: "x\u0000", codes: ["\u0000"], "k\u0000": 1 })).toEqual({ error: "x\uFFFD", codes: ["\uFFFD"], "k\uFFFD": 1 });
  });

  it("cuts oversized strings and leaves other values alone", () => {
    expect(storableText("x".repeat(5000))).toHaveLength(2001);
    expect(storableDetail({ n: 1, ok: true, none: null })).toEqual({ n: 1, ok: true, none: null });
  });
});
