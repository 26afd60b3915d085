import { v1Issuer, v2Issuer } from "./authority";
import { Directory, type DirectoryUser, type RegisteredApp } from "./directory";
import { deterministicGuid, opaqueValue } from "./ids";
import { pairwiseSubject } from "./pairwise";
import type { Resource } from "./scopes";
import type { EntraApp, EntraTenant, EntraUser } from "./seed";
import { MICROSOFT_GRAPH_APP_ID } from "./well-known-ids";

/**
 * The claims of every token the emulator signs, built as plain objects in the order Entra writes them
 * (research section 2). Signing is elsewhere; these functions only decide what a token says.
 */

export type TokenTimes = { iat: number; nbf: number; exp: number };

/** Groups inline up to this many; above it Entra omits `groups` and points to Graph instead (the overage claim). */
export const GROUPS_LIMIT = 200;

/**
 * Entra backdates `iat` and `nbf` by five minutes to absorb clock skew, and tokens live an hour from now; a
 * validator that assumes `iat` is "now" is wrong against the real service too.
 */
export function tokenTimes(nowSeconds: number, lifetimeSeconds = 3600): TokenTimes {
  return { iat: nowSeconds - 300, nbf: nowSeconds - 300, exp: nowSeconds + lifetimeSeconds };
}

/** Opaque values Entra puts in every token; clients must ignore them, so random ones serve. */
function opaque() {
  return { aio: opaqueValue(48), rh: `1.A${opaqueValue(40)}.` };
}

function uti(): string {
  return opaqueValue(16);
}

/**
 * The person's groups, as the app's token configuration asks (research 2.4): nothing unless the app has a groups
 * claim configured; up to 200 inline; above that the overage claim pointing to Graph.
 */
export function groupClaims(tenantId: string, user: EntraUser, app: EntraApp | undefined): Record<string, unknown> {
  if (!app?.groupMembershipClaims || app.groupMembershipClaims === "None") return {};
  const groups = user.groups ?? [];
  if (groups.length === 0) return {};
  if (groups.length <= GROUPS_LIMIT) return { groups: [...groups] };
  return {
    _claim_names: { groups: "src1" },
    _claim_sources: { src1: { endpoint: `https://graph.windows.net/${tenantId}/users/${user.oid}/getMemberObjects` } },
  };
}

function rolesOf(app: RegisteredApp["app"], oid: string): Record<string, unknown> {
  const roles = app.roleAssignments?.[oid] ?? [];
  return roles.length > 0 ? { roles: [...roles] } : {};
}

/** The service principal of an app in a tenant: the `oid`/`sub` of app-only tokens. Stable per (tenant, app). */
export function servicePrincipalId(tenantId: string, clientId: string): string {
  return deterministicGuid("service-principal", tenantId, clientId);
}

export type IdTokenInput = {
  origin: string;
  signedIn: DirectoryUser;
  client: RegisteredApp;
  oidcScopes: string[];
  nonce: string | undefined;
  sid: string;
  times: TokenTimes;
};

/** `name`, `preferred_username` and `oid` need the `profile` scope; `email` needs the `email` scope and an address. */
export function idTokenClaims({ origin, signedIn, client, oidcScopes, nonce, sid, times }: IdTokenInput): Record<string, unknown> {
  const { tenant, user } = signedIn;
  const profile = oidcScopes.includes("profile");
  const email = oidcScopes.includes("email") && user.email ? user.email : undefined;
  return {
    aud: client.app.clientId,
    iss: v2Issuer(origin, tenant.id),
    iat: times.iat,
    nbf: times.nbf,
    exp: times.exp,
    aio: opaque().aio,
    ...(email ? { email } : {}),
    ...groupClaims(tenant.id, user, client.app),
    ...(profile ? { name: user.name } : {}),
    ...(nonce !== undefined ? { nonce } : {}),
    ...(profile ? { oid: user.oid, preferred_username: user.preferredUsername } : {}),
    rh: opaque().rh,
    ...rolesOf(client.app, user.oid),
    sid,
    sub: pairwiseSubject(tenant.id, user.oid, client.app.clientId),
    tid: tenant.id,
    uti: uti(),
    ver: "2.0",
    // xms_edov accompanies the email claim only, and only when the directory states it.
    ...(email && user.emailDomainVerified !== undefined ? { xms_edov: user.emailDomainVerified } : {}),
  };
}

/** The access-token format follows the resource: Graph and apps without `accessTokenAcceptedVersion: 2` get v1. */
export function accessTokenVersion(resource: Resource): 1 | 2 {
  return resource.kind === "app" && resource.registration.app.accessTokenAcceptedVersion === 2 ? 2 : 1;
}

function audienceOf(resource: Resource, version: 1 | 2): string {
  if (resource.kind === "graph") return MICROSOFT_GRAPH_APP_ID;
  // v2 tokens always name the API by client id; v1 tokens name it the way the request did.
  return version === 2 ? resource.registration.app.clientId : resource.requestedAs;
}

function resourceClientId(resource: Resource): string {
  return resource.kind === "graph" ? MICROSOFT_GRAPH_APP_ID : resource.registration.app.clientId;
}

export type UserAccessTokenInput = {
  origin: string;
  signedIn: DirectoryUser;
  client: RegisteredApp;
  resource: Resource;
  permissions: string[];
  sid: string;
  times: TokenTimes;
  /** 1 when the client proved itself with a secret, 0 for a public client. */
  clientAuthentication: "0" | "1";
};

export function userAccessTokenClaims(input: UserAccessTokenInput): Record<string, unknown> {
  const { origin, signedIn, client, resource, permissions, sid, times, clientAuthentication } = input;
  const { tenant, user } = signedIn;
  const version = accessTokenVersion(resource);
  const roles = resource.kind === "app" ? rolesOf(resource.registration.app, user.oid) : {};
  const sub = pairwiseSubject(tenant.id, user.oid, resourceClientId(resource));
  if (version === 2) {
    return {
      aud: audienceOf(resource, 2),
      iss: v2Issuer(origin, tenant.id),
      iat: times.iat,
      nbf: times.nbf,
      exp: times.exp,
      aio: opaque().aio,
      azp: client.app.clientId,
      azpacr: clientAuthentication,
      ...groupClaims(tenant.id, user, resource.kind === "app" ? resource.registration.app : undefined),
      name: user.name,
      oid: user.oid,
      preferred_username: user.preferredUsername,
      rh: opaque().rh,
      ...roles,
      scp: permissions.join(" "),
      sid,
      sub,
      tid: tenant.id,
      uti: uti(),
      ver: "2.0",
    };
  }
  return {
    aud: audienceOf(resource, 1),
    iss: v1Issuer(tenant.id),
    iat: times.iat,
    nbf: times.nbf,
    exp: times.exp,
    acct: Directory.isPersonal(tenant) ? 1 : 0,
    acr: "1",
    aio: opaque().aio,
    amr: ["pwd"],
    app_displayname: client.app.displayName,
    appid: client.app.clientId,
    appidacr: clientAuthentication,
    ...groupClaims(tenant.id, user, resource.kind === "app" ? resource.registration.app : undefined),
    idtyp: "user",
    name: user.name,
    oid: user.oid,
    rh: opaque().rh,
    ...roles,
    scp: permissions.join(" "),
    sid,
    sub,
    tid: tenant.id,
    unique_name: user.preferredUsername,
    upn: user.preferredUsername,
    uti: uti(),
    ver: "1.0",
  };
}

export type AppAccessTokenInput = { origin: string; tenant: EntraTenant; client: RegisteredApp; resource: Resource; times: TokenTimes };

/** App-only (client credentials): `roles` are the app's own permissions, `idtyp` is `app`, `oid` == `sub`. */
export function appAccessTokenClaims({ origin, tenant, client, resource, times }: AppAccessTokenInput): Record<string, unknown> {
  const version = accessTokenVersion(resource);
  const principal = servicePrincipalId(tenant.id, client.app.clientId);
  const permissions = client.app.appPermissions ?? [];
  const roles = permissions.length > 0 ? { roles: [...permissions] } : {};
  if (version === 2) {
    return {
      aud: audienceOf(resource, 2),
      iss: v2Issuer(origin, tenant.id),
      iat: times.iat,
      nbf: times.nbf,
      exp: times.exp,
      aio: opaque().aio,
      azp: client.app.clientId,
      azpacr: "1",
      idtyp: "app",
      oid: principal,
      rh: opaque().rh,
      ...roles,
      sub: principal,
      tid: tenant.id,
      uti: uti(),
      ver: "2.0",
    };
  }
  return {
    aud: audienceOf(resource, 1),
    iss: v1Issuer(tenant.id),
    iat: times.iat,
    nbf: times.nbf,
    exp: times.exp,
    aio: opaque().aio,
    app_displayname: client.app.displayName,
    appid: client.app.clientId,
    appidacr: "1",
    idp: v1Issuer(tenant.id),
    idtyp: "app",
    oid: principal,
    rh: opaque().rh,
    ...roles,
    sub: principal,
    tid: tenant.id,
    uti: uti(),
    ver: "1.0",
  };
}

