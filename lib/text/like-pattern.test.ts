import { describe, expect, it } from "vitest";
import { containsPattern, escapeLike } from "./like-pattern";

describe("LIKE patterns", () => {
  it("matches a typed percent sign, underscore or backslash literally", () => {
    expect(escapeLike("100%_off\\now")).toBe("100\\%\\_off\\\\now");
  });
  it("finds the text anywhere in a value", () => {
    expect(containsPattern("ada")).toBe("%ada%");
  });
});
