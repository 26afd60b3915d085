import { describe, expect, it } from "vitest";
import { domainOfEmail, normalizeDomain } from "./normalize-domain";
import { isPublicMailDomain } from "./public-mail-domains";

describe("normalizeDomain", () => {
  it("stores one form: lower-case, no trailing dot, IDNs as punycode", () => {
    expect(normalizeDomain(" Contoso.COM. ")).toBe("contoso.com");
    expect(normalizeDomain("Bücher.example")).toBe("xn--bcher-kva.example");
    expect(normalizeDomain("xn--bcher-kva.example")).toBe("xn--bcher-kva.example");
    expect(normalizeDomain("ＣＯＮＴＯＳＯ.com")).toBe("contoso.com");
  });

  it("refuses what is not a domain", () => {
    for (const bad of ["", "localhost", "contoso", "a b.com", "user@contoso.com", "https://contoso.com", "-bad.com", "x".repeat(64) + ".com", "contoso.123", 7, null])
      expect(normalizeDomain(bad)).toBeUndefined();
  });

  it("finds an e-mail's domain in the same form", () => {
    expect(domainOfEmail("Megan@Bücher.Example")).toBe("xn--bcher-kva.example");
    expect(domainOfEmail("nobody")).toBeUndefined();
  });

  it("knows the public mail domains nobody may claim", () => {
    expect(isPublicMailDomain("gmail.com")).toBe(true);
    expect(isPublicMailDomain("contoso.onmicrosoft.com")).toBe(true);
    expect(isPublicMailDomain("contoso.com")).toBe(false);
  });
});
