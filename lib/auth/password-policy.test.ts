import { describe, expect, it } from "vitest";
import { USER_MESSAGES } from "@/lib/errors/user-messages";
import { MAX_PASSWORD_LENGTH } from "./password-hash";
import { MIN_PASSWORD_LENGTH, checkNewPassword } from "./password-policy";

describe("checkNewPassword", () => {
  const login = "admin";
  it("accepts a long passphrase", () => {
    expect(checkNewPassword("purple otters juggle quietly", { login })).toBeUndefined();
  });
  it("refuses a password shorter than 12 characters, counting characters not bytes", () => {
    expect(checkNewPassword("short", { login })).toBe("Use at least 12 characters.");
    expect(checkNewPassword("ééééééééééé", { login })).toBe("Use at least 12 characters.");
  });
  it("states the length limits the registry's sentences name", () => {
    expect(USER_MESSAGES.password_too_short).toContain(` ${MIN_PASSWORD_LENGTH} `);
    expect(USER_MESSAGES.password_too_long).toContain(` ${MAX_PASSWORD_LENGTH} `);
  });
  it("refuses password1234 because it is in the breached-password list, and says so", () => {
    expect(checkNewPassword("password1234", { login: "megan@contoso.example" })).toBe(USER_MESSAGES.password_common);
  });
  it("refuses a small change of a breached password and keyboard walks", () => {
    expect(checkNewPassword("Password1234!", { login: "x@contoso.example" })).toBe(USER_MESSAGES.password_common);
    expect(checkNewPassword("qwertyuiop12", { login: "x@contoso.example" })).toBeDefined();
  });
  it("refuses repeated characters as too easy to guess", () => {
    expect(checkNewPassword("aaaaaaaaaaaaaaaa", { login })).toBe(USER_MESSAGES.password_weak);
    expect(checkNewPassword("123456789012", { login })).toBeDefined();
  });
  it("refuses a password that contains the username or the e-mail's local part", () => {
    expect(checkNewPassword("admin-is-my-password", { login })).toBe("Your password must not contain your email or username.");
    expect(checkNewPassword("my name is alice smith", { login: "alice@contoso.com" })).toBe(
      "Your password must not contain your email or username.",
    );
  });
  it("accepts the passphrases people in the browser tests choose", () => {
    for (const p of ["river stones and quiet lanterns", "carol's long passphrase", "a new break glass passphrase", "northwind owner passphrase", "console test passphrase", "settings users passphrase", "a long enough passphrase", "litware first admin passphrase"])
      expect(checkNewPassword(p, { login: "someone@example.com" }), p).toBeUndefined();
  });
});
