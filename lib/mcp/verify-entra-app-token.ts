import type { JWTPayload } from "jose";
import type { Database } from "@/db/client";
import type { McpAccessWorkspace } from "./access-config";
import type { CredentialRefusal, RefusalFacts } from "./credential-refusal";
import { findServicePrincipal } from "./entra-service-principals";
import type { VerifiedPrincipal } from "./principal";

/**
 * An Entra app-only access token (client credentials, `scope=api://<app>/.default`): `idtyp: app` (or, where that
 * optional claim is not configured, `roles` without `scp`), the calling application in `azp` (v2) or `appid` (v1).
 * It is checked after the signature, issuer, audience, lifetime and directory rules every Entra token passes, and:
 *  1. the application must be registered in the workspace (Settings → MCP access → Applications) and enabled;
 *  2. its `roles` (application permissions) must hold the workspace's required scope, and the registration must
 *     allow it;
 * The principal is the registration (a machine); its scopes are the `roles` the registration allows.
 */
export function isAppOnlyToken(claims: JWTPayload): boolean {
  return claims.idtyp === "app" || (claims.scp === undefined && claims.roles !== undefined);
}

export async function verifyEntraAppToken(
  db: Database,
  claims: JWTPayload,
  access: McpAccessWorkspace,
  facts: RefusalFacts,
): Promise<{ ok: true; principal: VerifiedPrincipal } | CredentialRefusal> {
  const appId = typeof claims.azp === "string" ? claims.azp : typeof claims.appid === "string" ? claims.appid : undefined;
  facts.appId = appId;
  const refuse = (reason: string, message: CredentialRefusal["message"]): CredentialRefusal => ({ ok: false, status: 403, error: "insufficient_scope", reason, message, facts });
  if (!appId) return { ok: false, status: 401, error: "invalid_token", reason: "app_id_missing", message: "mcp_token_malformed", facts };
  const registered = await findServicePrincipal(db, access.tenantId, appId);
  if (!registered) return refuse("app_not_registered", "mcp_app_not_registered");
  if (!registered.enabled) return refuse("app_disabled", "mcp_app_disabled");
  const roles = Array.isArray(claims.roles) ? claims.roles.filter((r): r is string => typeof r === "string") : [];
  const scopes = roles.filter((r) => registered.scopes.includes(r));
  if (!scopes.includes(access.requiredScope)) return refuse("app_role_missing", "mcp_app_role_missing");
  return {
    ok: true,
    principal: {
      kind: "machine",
      workspace: { id: access.tenantId, key: access.workspaceKey },
      subject: registered.id,
      email: null,
      scopes,
      credential: "entra_access_token",
      entra: { tid: access.entraTenantId, oid: String(claims.oid ?? claims.sub ?? "").toLowerCase() },
    },
  };
}
