import { describe, expect, it } from "vitest";
import { checkOidcDomain, passwordAllowedFor, type AuthPolicy } from "./auth-policy";

const standard: AuthPolicy = { mode: "standard", allowedDomains: [] };
const restricted: AuthPolicy = { mode: "restricted", allowedDomains: ["contoso.example", "xn--bcher-kva.example"] };

describe("AUTH_POLICY", () => {
  it("lets everyone use a password under standard, and only the break-glass admin under restricted", () => {
    expect(passwordAllowedFor(standard, "erin@contoso.example")).toBe(true);
    expect(passwordAllowedFor(restricted, "erin@contoso.example")).toBe(false);
    expect(passwordAllowedFor(restricted, "admin")).toBe(true);
  });

  it("accepts any OIDC sign-in under standard, even without a vouched domain", () => {
    expect(checkOidcDomain(standard, null, "megan@contoso.example")).toBeNull();
  });

  it("under restricted, accepts only a vouched domain on the list and says why it refuses the others", () => {
    expect(checkOidcDomain(restricted, "contoso.example", "contoso.example")).toBeNull();
    expect(checkOidcDomain(restricted, "xn--bcher-kva.example", "xn--bcher-kva.example")).toBeNull();
    expect(checkOidcDomain(restricted, "fabrikam.example", "fabrikam.example")).toEqual({ reason: "domain_not_allowed", domain: "fabrikam.example" });
    expect(checkOidcDomain(restricted, null, "contoso.example")).toEqual({ reason: "email_unverified", domain: "contoso.example" });
    expect(checkOidcDomain(restricted, "sub.contoso.example", "sub.contoso.example")?.reason).toBe("domain_not_allowed");
  });
});
