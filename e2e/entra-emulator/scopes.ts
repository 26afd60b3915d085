import * as aadsts from "./aadsts";
import { Directory, type RegisteredApp } from "./directory";
import type { EntraTenant } from "./seed";
import { MICROSOFT_GRAPH_APP_ID, MICROSOFT_GRAPH_RESOURCE, OIDC_SCOPES } from "./well-known-ids";

/**
 * How Entra reads a v2 `scope` parameter: the OpenID scopes, plus permissions of exactly one resource, each
 * written `<resource identifier>/<permission>` (a bare name such as `User.Read` is a Microsoft Graph permission).
 */

export type ScopeRequest = {
  oidc: string[];
  /** The resource as the request named it, or undefined when only OpenID scopes were asked for. */
  resource: { identifier: string; permissions: string[] } | undefined;
};

/** The API an access token is for. v1 tokens name the resource the way the request did (App ID URI or client id). */
export type Resource = { kind: "graph" } | { kind: "app"; registration: RegisteredApp; requestedAs: string };

export function parseScopeParameter(raw: string | null | undefined): string[] {
  return [...new Set((raw ?? "").split(/\s+/).filter(Boolean))];
}

export function splitScopes(scopes: string[]): ScopeRequest {
  const oidc = scopes.filter((s) => OIDC_SCOPES.includes(s));
  const byResource = new Map<string, string[]>();
  for (const scope of scopes) {
    if (OIDC_SCOPES.includes(scope)) continue;
    const slash = scope.lastIndexOf("/");
    const identifier = slash > 0 ? normaliseGraph(scope.slice(0, slash)) : MICROSOFT_GRAPH_RESOURCE;
    const permission = slash > 0 ? scope.slice(slash + 1) : scope;
    byResource.set(identifier, [...(byResource.get(identifier) ?? []), permission]);
  }
  if (byResource.size > 1) throw aadsts.multipleResources(scopes.join(" "));
  const [entry] = byResource.entries();
  return { oidc, resource: entry ? { identifier: entry[0], permissions: entry[1] } : undefined };
}

function normaliseGraph(identifier: string): string {
  const lower = identifier.toLowerCase().replace(/\/+$/, "");
  return lower === MICROSOFT_GRAPH_RESOURCE || lower === MICROSOFT_GRAPH_APP_ID ? MICROSOFT_GRAPH_RESOURCE : identifier;
}

/**
 * Finds the API behind a resource identifier among the apps a user of `tenant` can reach: the tenant's own and every
 * multi-tenant app. An identifier is a client id, `api://<client id>`, or one of the app's identifier URIs.
 */
export function resolveResource(identifier: string | undefined, tenant: EntraTenant, directory: Directory): Resource {
  if (identifier === undefined || identifier === MICROSOFT_GRAPH_RESOURCE) return { kind: "graph" };
  const wanted = identifier.toLowerCase();
  for (const home of directory.allTenants()) {
    for (const app of home.apps) {
      const names = [app.clientId, `api://${app.clientId}`, ...(app.identifierUris ?? [])].map((n) => n.toLowerCase());
      const registration = { home, app };
      if (names.includes(wanted) && Directory.usableIn(registration, tenant.id)) return { kind: "app", registration, requestedAs: identifier };
    }
  }
  throw aadsts.resourceNotFound(identifier, tenant.displayName);
}

/**
 * The delegated permissions that land in `scp`. `.default` means "whatever was consented"; the emulator models no
 * consent records, so it grants Graph's `User.Read` or an API's conventional `user_impersonation`.
 */
export function delegatedPermissions(request: ScopeRequest, resource: Resource): string[] {
  if (!request.resource) {
    // Only OpenID scopes: Entra issues a Graph token carrying them plus the default User.Read.
    return [...request.oidc.filter((s) => s !== "offline_access"), "User.Read"];
  }
  const fallback = resource.kind === "graph" ? "User.Read" : "user_impersonation";
  const permissions = request.resource.permissions.map((p) => (p === ".default" ? fallback : p));
  return [...new Set(permissions)];
}

/** The `scope` of a token response: the OpenID scopes granted, then the resource's permissions in full form. */
export function grantedScopeString(request: ScopeRequest, resource: Resource, permissions: string[]): string {
  const prefix = resource.kind === "graph" ? MICROSOFT_GRAPH_RESOURCE : resource.requestedAs;
  const resourceScopes = request.resource
    ? permissions.map((p) => `${prefix}/${p}`)
    : [`${MICROSOFT_GRAPH_RESOURCE}/User.Read`];
  return [...request.oidc, ...resourceScopes].join(" ");
}
