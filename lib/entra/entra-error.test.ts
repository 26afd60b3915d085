import { describe, expect, it } from "vitest";
import { describeEntraError, parseEntraError } from "./entra-error";

describe("parseEntraError", () => {
  it("pulls the AADSTS code, trace and correlation ids out of Microsoft's description", () => {
    const params = new URLSearchParams({
      error: "access_denied",
      error_description:
        "AADSTS50105: Your administrator has configured the application Gatehouse ('5b0c…') to block users unless they are specifically granted ('assigned') access to the application.\r\nTrace ID: 0000aaaa-11bb-cccc-dd33-eeeeee333333\r\nCorrelation ID: aaaa0000-bb11-2222-33cc-444444dddddd\r\nTimestamp: 2026-11-21 10:02:12Z",
      state: "abc",
    });
    expect(parseEntraError(params)).toEqual({
      error: "access_denied",
      code: "AADSTS50105",
      message: expect.stringMatching(/^Your administrator has configured/),
      traceId: "0000aaaa-11bb-cccc-dd33-eeeeee333333",
      correlationId: "aaaa0000-bb11-2222-33cc-444444dddddd",
      timestamp: "2026-11-21 10:02:12Z",
    });
  });

  it("copes with an error that has no description", () => {
    expect(parseEntraError(new URLSearchParams({ error: "server_error" }))).toMatchObject({ error: "server_error", code: null, traceId: null });
    expect(parseEntraError(new URLSearchParams({ code: "x" }))).toBeUndefined();
  });

  it("explains well-known codes to the person signing in", () => {
    expect(describeEntraError({ error: "access_denied", code: "AADSTS50105" })).toMatch(/assign you/);
    expect(describeEntraError({ error: "temporarily_unavailable", code: null })).toMatch(/temporarily unavailable/);
    expect(describeEntraError({ error: "whatever", code: "AADSTS1" })).toBe("Microsoft could not complete the sign-in.");
  });
});
