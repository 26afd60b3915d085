import { describe, expect, it } from "vitest";
import { normalizeLoginIdentifier } from "./login-identifier";

describe("normalizeLoginIdentifier", () => {
  it("lower-cases and trims e-mails and usernames", () => {
    expect(normalizeLoginIdentifier("  Alice@Contoso.COM ")).toBe("alice@contoso.com");
    expect(normalizeLoginIdentifier("ADMIN")).toBe("admin");
  });
  it("folds compatibility characters (full-width letters) so look-alike logins meet the same account", () => {
    expect(normalizeLoginIdentifier("ａｄｍｉｎ")).toBe("admin");
  });
  it("refuses what can be neither an e-mail nor a username", () => {
    for (const bad of ["", "   ", "a b", "alice@", "@contoso.com", "x".repeat(300), "admin\u0000", 42, null, undefined, ["admin"]])
      expect(normalizeLoginIdentifier(bad)).toBeUndefined();
  });
});

describe("control characters", () => {
  it("are never part of a login (a NUL byte could not even be sent to Postgres)", () => {
    expect(normalizeLoginIdentifier("a\u0000b@contoso.com")).toBeUndefined();
    expect(normalizeLoginIdentifier("ab@con\u0007toso.com")).toBeUndefined();
  });
});
