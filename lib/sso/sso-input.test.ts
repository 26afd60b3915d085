import { describe, expect, it } from "vitest";
import { parseSsoInput } from "./sso-input";

const good = {
  kind: "entra",
  entraTenantId: " 5470FE65-0ADE-4FCF-8F19-27BC9BD87A10 ",
  clientId: "6a16fd7a-863b-4a6d-9bba-ec3ee52cca0d",
  clientSecret: "s3cret",
  clientSecretExpiresAt: "2027-01-31",
  adminRoleValue: "",
  memberRoleValue: "",
  enabled: "on",
};

describe("parseSsoInput", () => {
  it("normalises GUIDs, defaults the role values and reads the toggle", () => {
    expect(parseSsoInput(good, { production: true })).toEqual({
      ok: true,
      input: {
        kind: "entra",
        entraTenantId: "5470fe65-0ade-4fcf-8f19-27bc9bd87a10",
        issuerUrl: null,
        clientId: "6a16fd7a-863b-4a6d-9bba-ec3ee52cca0d",
        clientSecret: "s3cret",
        clientSecretExpiresAt: new Date("2027-01-31T00:00:00Z"),
        adminRoleValue: "Gatehouse.Admin",
        memberRoleValue: "Gatehouse.Member",
        roleClaim: "roles",
        unmatchedRole: "refuse",
        displayName: null,
        enabled: true,
      },
    });
  });

  it("reads the role claim, the unmatched-role rule and a generic issuer's display name", () => {
    const oidc = { ...good, kind: "oidc", issuerUrl: "https://idp.example.com", clientId: "gatehouse", roleClaim: "groups", unmatchedRole: "member", displayName: "  Example SSO " };
    expect(parseSsoInput(oidc, { production: true })).toMatchObject({ ok: true, input: { roleClaim: "groups", unmatchedRole: "member", displayName: "Example SSO" } });
    expect(parseSsoInput({ ...oidc, roleClaim: "has space" }, { production: true })).toMatchObject({ ok: false, errors: { roleClaim: expect.any(String) } });
    expect(parseSsoInput({ ...oidc, unmatchedRole: "admin" }, { production: true })).toMatchObject({ ok: false, errors: { unmatchedRole: expect.any(String) } });
  });

  it("treats an empty secret as 'keep the stored one'", () => {
    expect(parseSsoInput({ ...good, clientSecret: "  " }, { production: true })).toMatchObject({ ok: true, input: { clientSecret: null } });
  });

  it("puts a message beside each bad field", () => {
    const result = parseSsoInput(
      { ...good, entraTenantId: "contoso.com", clientId: "nope", clientSecretExpiresAt: "31/01/2027", adminRoleValue: "bad\u0001", memberRoleValue: "y".repeat(121) },
      { production: true },
    );
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(Object.keys(result.errors).sort()).toEqual(["adminRoleValue", "clientId", "clientSecretExpiresAt", "entraTenantId", "memberRoleValue"]);
  });

  it("refuses equal admin and member values, oversized input and non-https issuers in production", () => {
    expect(parseSsoInput({ ...good, adminRoleValue: "Same", memberRoleValue: "Same" }, { production: true })).toMatchObject({ ok: false, errors: { memberRoleValue: expect.any(String) } });
    expect(parseSsoInput({ ...good, clientSecret: "x".repeat(5000) }, { production: true })).toMatchObject({ ok: false, errors: { clientSecret: "This value is too long." } });
    expect(parseSsoInput({ ...good, kind: "oidc", issuerUrl: "http://idp.example", clientId: "app" }, { production: true })).toMatchObject({ ok: false, errors: { issuerUrl: expect.any(String) } });
    expect(parseSsoInput({ ...good, kind: "oidc", issuerUrl: "https://idp.example/", clientId: "app" }, { production: true })).toMatchObject({ ok: true, input: { issuerUrl: "https://idp.example", entraTenantId: null } });
  });

  it("ignores values that are not strings (a forged form)", () => {
    expect(parseSsoInput({ ...good, entraTenantId: 42 as unknown as string }, { production: true })).toMatchObject({ ok: false, errors: { entraTenantId: expect.any(String) } });
  });
});
