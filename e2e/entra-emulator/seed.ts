import { deterministicGuid } from "./ids";
import { PERSONAL_ACCOUNTS_TENANT_ID } from "./well-known-ids";

/** A person in one directory. The same human in two tenants is two users with two `oid`s, as in Entra. */
export type EntraUser = {
  oid: string;
  name: string;
  preferredUsername: string;
  email?: string | null;
  /** xms_edov value; omitted → no xms_edov claim */
  emailDomainVerified?: boolean;
  groups?: string[];
};

export type EntraApp = {
  clientId: string;
  displayName: string;
  secrets: { value: string; expiresAt?: string /* ISO */ }[];
  redirectUris: string[];
  /** multi-tenant apps can be used by users of every seeded tenant (implicit consent) */
  multiTenant?: boolean;
  assignmentRequired?: boolean;
  /** app-role values assigned per user oid */
  roleAssignments?: Record<string, string[]>;
  /** app permissions (roles) granted to the app itself, for client_credentials tokens */
  appPermissions?: string[];
  identifierUris?: string[];
  accessTokenAcceptedVersion?: 1 | 2;
  /**
   * Token configuration → groups claim (the manifest's `groupMembershipClaims`). Absent or "None", Entra puts no
   * group claim in the app's ID tokens, nor in access tokens for it as the API, whatever groups the person is in.
   */
  groupMembershipClaims?: "None" | "SecurityGroup" | "All";
  /** Delegated scopes the app exposes as an API (Expose an API → scopes), e.g. `mcp.access`. */
  exposedScopes?: string[];
  /** Expose an API → Authorized client applications: clients that get these scopes without consent. */
  authorizedClientApplications?: { clientId: string; scopes: string[] }[];
  /** API permissions with admin consent granted: delegated scopes of other apps (by client id) this app may get. */
  grantedPermissions?: { resource: string; scopes: string[] }[];
};

export type EntraTenant = { id: string; displayName: string; domains: string[]; region?: string; users: EntraUser[]; apps: EntraApp[] };

/** Personal accounts live in tenant 9188040d-6c67-4c5b-b112-36a304b66dad when seeded. */
export type EntraSeed = { tenants: EntraTenant[] };

export type SeedAdjustments = {
  /**
   * Added to the redirect URIs of every multi-tenant app, so a broker started on another port (or several brokers)
   * can use the seeded platform app without editing the seed.
   */
  extraRedirectUris?: string[];
};

/**
 * The emulator's own copy of a seed: callers keep theirs unchanged, the admin API edits this one. The personal
 * accounts directory always exists, as it does at Microsoft, even when the seed brings no personal account.
 */
export function prepareSeed(seed: EntraSeed, adjustments: SeedAdjustments = {}): EntraSeed {
  const copy = structuredClone(seed);
  for (const tenant of copy.tenants) {
    tenant.id = tenant.id.toLowerCase();
    for (const app of tenant.apps) {
      if (app.multiTenant) app.redirectUris = [...new Set([...app.redirectUris, ...(adjustments.extraRedirectUris ?? [])])];
    }
  }
  if (!copy.tenants.some((t) => t.id === PERSONAL_ACCOUNTS_TENANT_ID)) {
    copy.tenants.push({ id: PERSONAL_ACCOUNTS_TENANT_ID, displayName: "Microsoft Accounts", domains: [], users: [], apps: [] });
  }
  return copy;
}

/**
 * Group ids for a user who is in many groups (the overage tests need more than 200). Deterministic, so tokens
 * carry the same ids after a restart.
 */
export function generatedGroupIds(tenantId: string, oid: string, count: number): string[] {
  return Array.from({ length: count }, (_, i) => deterministicGuid("group", tenantId, oid, String(i)));
}
