import { describe, expect, it } from "vitest";
import { authJsCookies, consoleCookieNames, tenantCookieNames } from "./cookie-names";

describe("tenant cookie names", () => {
  it("carry the __Host- prefix and Secure over https, and neither over http", () => {
    const secure = authJsCookies(tenantCookieNames(true), true);
    for (const cookie of Object.values(secure)) {
      expect(cookie.name).toMatch(/^__Host-gatehouse\./);
      expect(cookie.options).toEqual({ httpOnly: true, sameSite: "lax", path: "/", secure: true });
    }
    const plain = authJsCookies(tenantCookieNames(false), false);
    for (const cookie of Object.values(plain)) {
      expect(cookie.name).toMatch(/^gatehouse\./);
      expect(cookie.options.secure).toBe(false);
    }
  });

  it("are never a prefix of one another (Auth.js reassembles chunked sessions by prefix)", () => {
    const names = Object.values(tenantCookieNames(false));
    for (const a of names) for (const b of names) if (a !== b) expect(b.startsWith(a)).toBe(false);
  });

  it("keep the session cookie small: an opaque token, not a JWT", () => {
    expect(tenantCookieNames(false).sessionToken).toBe("gatehouse.sid");
  });
});

describe("console cookie names", () => {
  it("share no name with the tenant instance's, and no name of either set is a prefix of another", () => {
    for (const secure of [false, true]) {
      const names = [...Object.values(tenantCookieNames(secure)), ...Object.values(consoleCookieNames(secure))];
      expect(new Set(names).size).toBe(names.length);
      for (const a of names) for (const b of names) if (a !== b) expect(b.startsWith(a)).toBe(false);
    }
  });
});
