import * as aadsts from "./aadsts";
import { Directory, type DirectoryUser, type RegisteredApp } from "./directory";
import type { EntraTenant } from "./seed";
import { GUID_PATTERN, PERSONAL_ACCOUNTS_TENANT_ID, V1_ISSUER_HOST } from "./well-known-ids";

/**
 * The `{tenant}` path segment of every Entra URL: one concrete directory (by GUID or verified domain), or one of the
 * nicknames that stand for a set of directories and whose discovery documents carry a templated issuer.
 */
export type Authority =
  | { kind: "tenant"; tenant: EntraTenant; pathSegment: string }
  | { kind: "common" | "organizations" | "consumers"; pathSegment: string };

const NICKNAMES = ["common", "organizations", "consumers"] as const;
const DNS_NAME = /^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z0-9-]{2,63}$/i;

/** The literal placeholder Microsoft puts in multi-tenant issuers; validators substitute the token's `tid`. */
export const TENANT_ID_TEMPLATE = "{tenantid}";

export function resolveAuthority(segment: string, directory: Directory, unknownError: "invalid_tenant" | "invalid_request"): Authority {
  const lower = segment.toLowerCase();
  const nickname = NICKNAMES.find((n) => n === lower);
  if (nickname) return { kind: nickname, pathSegment: nickname };
  if (GUID_PATTERN.test(lower)) {
    const tenant = directory.tenant(lower);
    if (!tenant) throw aadsts.tenantNotFound(segment, unknownError);
    return { kind: "tenant", tenant, pathSegment: tenant.id };
  }
  if (!DNS_NAME.test(lower)) throw aadsts.malformedTenant(segment);
  const tenant = directory.tenantByDomain(lower);
  if (!tenant) throw aadsts.tenantNotFound(segment, unknownError);
  // A domain names its tenant; Entra's documents then speak of the tenant by GUID.
  return { kind: "tenant", tenant, pathSegment: tenant.id };
}

/** What stands in the issuer's tenant position: a GUID, or the template on `common` and `organizations`. */
export function issuerTenant(authority: Authority): string {
  if (authority.kind === "tenant") return authority.tenant.id;
  if (authority.kind === "consumers") return PERSONAL_ACCOUNTS_TENANT_ID;
  return TENANT_ID_TEMPLATE;
}

export function v2Issuer(origin: string, tenantId: string): string {
  return `${origin}/${tenantId}/v2.0`;
}

export function v1Issuer(tenantId: string): string {
  return `${V1_ISSUER_HOST}/${tenantId}/`;
}

/** The directories whose users may sign in through this authority. */
export function tenantsOf(authority: Authority, directory: Directory): EntraTenant[] {
  const all = directory.allTenants();
  switch (authority.kind) {
    case "tenant":
      return [authority.tenant];
    case "common":
      return [...all];
    case "organizations":
      return all.filter((t) => !Directory.isPersonal(t));
    case "consumers":
      return all.filter((t) => Directory.isPersonal(t));
  }
}

export function usersOf(authority: Authority, directory: Directory): DirectoryUser[] {
  return tenantsOf(authority, directory).flatMap((tenant) => tenant.users.map((user) => ({ tenant, user })));
}

/**
 * The client app a request names, as this authority sees it. A concrete tenant sees its own registrations and
 * every multi-tenant app (consent is implicit in the emulator); the nicknames see multi-tenant apps only, and tell
 * a single-tenant app so, as Entra does since 2018.
 */
export function clientAppFor(authority: Authority, clientId: string, directory: Directory): RegisteredApp {
  const registration = directory.registration(clientId);
  if (authority.kind === "tenant") {
    if (!registration || !Directory.usableIn(registration, authority.tenant.id)) {
      throw aadsts.appNotInDirectory(clientId, authority.tenant.displayName);
    }
    return registration;
  }
  if (!registration) throw aadsts.appNotInDirectory(clientId, authority.pathSegment);
  if (!registration.app.multiTenant) throw aadsts.notMultiTenant(clientId, registration.app.displayName);
  return registration;
}
