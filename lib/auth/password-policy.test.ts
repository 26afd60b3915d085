import { describe, expect, it } from "vitest";
import { checkNewPassword } from "./password-policy";

describe("checkNewPassword", () => {
  const login = "admin";
  it("accepts a long passphrase", () => {
    expect(checkNewPassword("purple otters juggle quietly", { login })).toBeUndefined();
  });
  it("refuses a password shorter than 12 characters, counting characters not bytes", () => {
    expect(checkNewPassword("short", { login })).toBe("Use at least 12 characters.");
    expect(checkNewPassword("ééééééééééé", { login })).toBe("Use at least 12 characters.");
  });
  it("refuses known-bad and repeated-character passwords", () => {
    expect(checkNewPassword("password123", { login: "x" })).toBe("Use at least 12 characters.");
    expect(checkNewPassword("aaaaaaaaaaaaaaaa", { login })).toBe("This password is too easy to guess. Choose another.");
    expect(checkNewPassword("123456789012", { login })).toBe("This password is too easy to guess. Choose another.");
  });
  it("refuses a password that contains the username or the e-mail's local part", () => {
    expect(checkNewPassword("admin-is-my-password", { login })).toBe("Your password must not contain your email or username.");
    expect(checkNewPassword("my name is alice smith", { login: "alice@contoso.com" })).toBe(
      "Your password must not contain your email or username.",
    );
  });
});
