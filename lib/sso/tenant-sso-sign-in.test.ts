import { describe, expect, it } from "vitest";
import { decideTenantSsoSignIn } from "./tenant-sso-sign-in";
import type { TenantSsoForSignIn } from "./tenant-sso-config";

const host = "https://login.microsoftonline.com";
const tid = "3c1a9d2e-5b4f-4a6e-9d8c-7b6a5f4e3d2c";
const sso: TenantSsoForSignIn = {
  tenantId: "t1",
  tenantKey: "contoso",
  tenantName: "Contoso",
  kind: "entra",
  entraTenantId: tid,
  issuerUrl: null,
  clientId: "c",
  clientSecret: "s",
  adminRoleValue: "Gatehouse.Admin",
  memberRoleValue: "Gatehouse.Member",
  roleClaim: "roles",
  unmatchedRole: "refuse",
  displayName: "Microsoft Entra ID",
  verifiedDomains: ["contoso.example"],
};
const claims = { iss: `${host}/${tid}/v2.0`, tid, oid: "9f8e7d6c-5b4a-4938-8271-6a5b4c3d2e1f", name: "Megan", email: "megan@contoso.example", roles: ["Gatehouse.Member"] };

describe("decideTenantSsoSignIn", () => {
  it("accepts a user of the configured directory, on a verified domain, with a supported role", () => {
    expect(decideTenantSsoSignIn(claims, sso, host)).toEqual({
      ok: true,
      role: "member",
      identity: { provider: "t-contoso", providerAccountId: `${tid}:${claims.oid}`, tid, name: "Megan", email: "megan@contoso.example", emailDomainVerified: true },
    });
    expect(decideTenantSsoSignIn({ ...claims, roles: ["Gatehouse.Admin", "Gatehouse.Member"] }, sso, host)).toMatchObject({ role: "admin" });
  });

  it("rejects a token from another Entra tenant", () => {
    const other = "11111111-2222-4333-8444-555555555555";
    expect(decideTenantSsoSignIn({ ...claims, tid: other, iss: `${host}/${other}/v2.0` }, sso, host)).toEqual({ ok: false, reason: "tid_mismatch" });
    expect(decideTenantSsoSignIn({ ...claims, iss: `${host}/${other}/v2.0` }, sso, host)).toEqual({ ok: false, reason: "issuer_invalid" });
  });

  it("rejects an e-mail outside the tenant's verified domains, or none at all", () => {
    expect(decideTenantSsoSignIn({ ...claims, email: "megan@fabrikam.example" }, sso, host)).toEqual({ ok: false, reason: "domain_not_owned" });
    expect(decideTenantSsoSignIn({ ...claims, email: undefined, preferred_username: "megan" }, sso, host)).toEqual({ ok: false, reason: "domain_not_owned" });
  });

  it("falls back to preferred_username for the address when email is absent", () => {
    expect(decideTenantSsoSignIn({ ...claims, email: undefined, preferred_username: "Megan@Contoso.example" }, sso, host)).toMatchObject({ ok: true });
  });

  it("refuses an account with no supported app role", () => {
    expect(decideTenantSsoSignIn({ ...claims, roles: [] }, sso, host)).toEqual({ ok: false, reason: "no_supported_role" });
    expect(decideTenantSsoSignIn({ ...claims, roles: undefined }, sso, host)).toEqual({ ok: false, reason: "no_supported_role" });
  });

  it("reads the roles from the claim the card names, as a string or an array", () => {
    const groups = { ...sso, roleClaim: "groups" };
    expect(decideTenantSsoSignIn({ ...claims, roles: undefined, groups: ["Staff", "Gatehouse.Admin"] }, groups, host)).toMatchObject({ ok: true, role: "admin" });
    expect(decideTenantSsoSignIn({ ...claims, roles: ["Gatehouse.Admin"], groups: "Gatehouse.Member" }, groups, host)).toMatchObject({ ok: true, role: "member" });
  });

  it("admits people without a matching role as members only when the card says so", () => {
    expect(decideTenantSsoSignIn({ ...claims, roles: ["Reader"] }, { ...sso, unmatchedRole: "member" }, host)).toMatchObject({ ok: true, role: "member" });
    expect(decideTenantSsoSignIn({ ...claims, roles: ["Reader"] }, sso, host)).toEqual({ ok: false, reason: "no_supported_role" });
  });
});
