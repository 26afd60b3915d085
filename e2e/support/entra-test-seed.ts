import type { EntraSeed } from "../entra-emulator";

/**
 * The Entra world of the browser tests: Contoso, whose directory a Gatehouse workspace is linked to; Fabrikam, a
 * stranger directory (with an attacker who puts a Contoso user's address on his own account); personal accounts;
 * and the platform's multi-tenant app, registered in Contoso, which requires assignment.
 */
export const CONTOSO_TENANT_ID = "b60cdc97-b012-48e0-a200-deb84a977f9a";
export const FABRIKAM_TENANT_ID = "a16f01a4-7421-4766-bcaa-b4fd7f45c63f";
export const PERSONAL_TENANT_ID = "9188040d-6c67-4c5b-b112-36a304b66dad";
export const PLATFORM_CLIENT_ID = "17d0c054-456b-4c43-87e4-4063f610bea6";
export const PLATFORM_CLIENT_SECRET = "platform-app-secret~e2e-only";

export const users = {
  megan: { oid: "2e954c63-f583-494f-b8d7-1aafe52fdf7f", name: "Megan Bowen", preferredUsername: "megan@contoso.example", email: "megan@contoso.example", emailDomainVerified: true },
  adele: { oid: "81e922c0-b1f9-4816-87d3-e037a3e4b5de", name: "Adele Vance", preferredUsername: "adele@contoso.example", email: "adele@contoso.example", emailDomainVerified: true },
  diego: { oid: "a28c60fd-408b-4089-9519-d79234458b12", name: "Diego Siciliani", preferredUsername: "diego@contoso.example", email: "diego@contoso.example", emailDomainVerified: true },
  unassigned: { oid: "2b57e042-3c7b-4018-bddb-058e0131b6a8", name: "Uma Unassigned", preferredUsername: "uma@contoso.example", email: "uma@contoso.example", emailDomainVerified: true },
  lee: { oid: "e0cc6712-e9c6-4aeb-984a-e86b26ba0057", name: "Lee Gu", preferredUsername: "lee@fabrikam.example", email: "lee@fabrikam.example", emailDomainVerified: true },
  mallory: { oid: "c0be4dc8-35d9-491f-b4fb-0d7c2c2e9e07", name: "Mallory Attacker", preferredUsername: "mallory@fabrikam.example", email: "megan@contoso.example", emailDomainVerified: false },
  pat: { oid: "00000000-0000-0000-66f3-3332eca7ea81", name: "Pat Personal", preferredUsername: "pat@outlook.example", email: "pat@outlook.example", emailDomainVerified: true },
};

/** Northwind: a directory whose workspace signs in through its own Entra app (tenant SSO). */
export const NORTHWIND_TENANT_ID = "5470fe65-0ade-4fcf-8f19-27bc9bd87a10";
export const NORTHWIND_SSO_CLIENT_ID = "6a16fd7a-863b-4a6d-9bba-ec3ee52cca0d";
export const NORTHWIND_SSO_SECRET = "northwind-sso-secret~e2e-only";
export const NORTHWIND_EXPIRED_CLIENT_ID = "b36738bd-1c20-4f23-a13d-472aff7c16d1";
export const NORTHWIND_EXPIRED_SECRET = "northwind-expired-secret~e2e-only";
export const northwindUsers = {
  nina: { oid: "696a59e9-dbb3-49cd-ab34-2e623115b888", name: "Nina Northwind", preferredUsername: "nina@northwind.example", email: "nina@northwind.example", emailDomainVerified: true },
  omar: { oid: "ee02a912-6366-45d7-bd4c-b63342b6471f", name: "Omar Northwind", preferredUsername: "omar@northwind.example", email: "omar@northwind.example", emailDomainVerified: true },
  pete: { oid: "ce81aff0-7505-4a59-b90c-7a92ac84ac32", name: "Pete Norole", preferredUsername: "pete@northwind.example", email: "pete@northwind.example", emailDomainVerified: true },
};

/** Tailspin: a workspace that uses tenant SSO through the generic OpenID Connect option (pointed at the emulator). */
export const TAILSPIN_TENANT_ID = "9a40b4c5-ec83-40eb-9221-d0e06f810a5f";
export const TAILSPIN_CLIENT_ID = "35cae327-91dc-437c-9d86-6af1d4bea029";
export const TAILSPIN_SECRET = "tailspin-oidc-secret~e2e-only";
export const tina = { oid: "6030b235-e5ee-42c6-9b71-41d88365574f", name: "Tina Tailspin", preferredUsername: "tina@tailspin.example", email: "tina@tailspin.example", emailDomainVerified: true };

/** The operator's own directory, where the console's single-tenant app and the staff live. */
export const OPERATOR_TENANT_ID = "c4f1e2d3-9a8b-4c7d-8e6f-5a4b3c2d1e0f";
export const CONSOLE_CLIENT_ID = "2a9d8c7b-6e5f-4a3b-9c2d-1e0f9a8b7c6d";
export const CONSOLE_CLIENT_SECRET = "console-app-secret~e2e-only";
export const staff = {
  olivia: { oid: "0d1e2f3a-4b5c-4d6e-8f7a-9b0c1d2e3f4a", name: "Olivia Operator", preferredUsername: "olivia@ops.example", email: "olivia@ops.example", emailDomainVerified: true },
  sam: { oid: "1e2f3a4b-5c6d-4e7f-9a8b-0c1d2e3f4a5b", name: "Sam Support", preferredUsername: "sam@ops.example", email: "sam@ops.example", emailDomainVerified: true },
  nico: { oid: "2f3a4b5c-6d7e-4f8a-8b9c-1d2e3f4a5b6c", name: "Nico Norole", preferredUsername: "nico@ops.example", email: "nico@ops.example", emailDomainVerified: true },
};

export function entraTestSeed(publicUrl: string): EntraSeed {
  const redirectUri = `${publicUrl}/api/v1/auth/callback/microsoft-entra-id`;
  const assigned = Object.fromEntries(
    Object.values(users)
      .filter((u) => u !== users.unassigned)
      .map((u) => [u.oid, ["User"]]),
  );
  return {
    tenants: [
      {
        id: CONTOSO_TENANT_ID,
        displayName: "Contoso",
        domains: ["contoso.example"],
        users: [users.megan, users.adele, users.diego, users.unassigned],
        apps: [
          {
            clientId: PLATFORM_CLIENT_ID,
            displayName: "Gatehouse (e2e)",
            secrets: [{ value: PLATFORM_CLIENT_SECRET }],
            redirectUris: [redirectUri],
            multiTenant: true,
            assignmentRequired: true,
            roleAssignments: assigned,
          },
        ],
      },
      {
        id: OPERATOR_TENANT_ID,
        displayName: "Gatehouse Operations",
        domains: ["ops.example"],
        users: Object.values(staff),
        apps: [
          {
            clientId: CONSOLE_CLIENT_ID,
            displayName: "Gatehouse console (e2e)",
            secrets: [{ value: CONSOLE_CLIENT_SECRET }],
            redirectUris: [`${publicUrl}/api/v1/manage/auth/callback/staff-entra`],
            roleAssignments: { [staff.olivia.oid]: ["Staff.Admin"], [staff.sam.oid]: ["Staff.Support"] },
          },
        ],
      },
      { id: FABRIKAM_TENANT_ID, displayName: "Fabrikam", domains: ["fabrikam.example"], users: [users.lee, users.mallory], apps: [] },
      { id: PERSONAL_TENANT_ID, displayName: "Personal accounts", domains: [], users: [users.pat], apps: [] },
      {
        id: TAILSPIN_TENANT_ID,
        displayName: "Tailspin",
        domains: ["tailspin.example"],
        users: [tina],
        apps: [
          {
            clientId: TAILSPIN_CLIENT_ID,
            displayName: "Tailspin OIDC for Gatehouse",
            secrets: [{ value: TAILSPIN_SECRET }],
            redirectUris: [`${publicUrl}/api/v1/auth/callback/t-tailspin`],
            roleAssignments: { [tina.oid]: ["Gatehouse.Member"] },
          },
        ],
      },
      {
        id: NORTHWIND_TENANT_ID,
        displayName: "Northwind",
        domains: ["northwind.example"],
        users: Object.values(northwindUsers),
        apps: [
          {
            clientId: NORTHWIND_SSO_CLIENT_ID,
            displayName: "Northwind SSO for Gatehouse",
            secrets: [{ value: NORTHWIND_SSO_SECRET }],
            redirectUris: [`${publicUrl}/api/v1/auth/callback/t-northwind`],
            groupMembershipClaims: "SecurityGroup",
            roleAssignments: { [northwindUsers.nina.oid]: ["Gatehouse.Admin"], [northwindUsers.omar.oid]: ["Gatehouse.Member"] },
          },
          {
            clientId: NORTHWIND_EXPIRED_CLIENT_ID,
            displayName: "Northwind app with an expired secret",
            secrets: [{ value: NORTHWIND_EXPIRED_SECRET, expiresAt: "2020-01-01T00:00:00Z" }],
            redirectUris: [],
          },
        ],
      },
    ],
  };
}
