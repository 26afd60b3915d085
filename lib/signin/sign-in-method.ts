/** How an OIDC sign-in was made: the platform Microsoft app, or a workspace's own IdP (tenant SSO). */
export type OidcSignInMethod = "microsoft" | "tenant_sso";

/** The audit kind of a tenant user's OIDC sign-in, success or refusal. */
export function auditKindOf(method: OidcSignInMethod): string {
  return method === "microsoft" ? "sign_in.microsoft" : "sign_in.tenant_sso";
}

/** Which workspace a sign-in acts for, as data: the general transaction and the one-statement write both read it. */
export type SignInWorkspace =
  /**
   * Tenant SSO: this workspace, with the role the IdP asserted (a promotion or demotion applies at once), and — in a
   * workspace with group mappings — the MCP scopes they gave (undefined: left as they are) and, when the person's
   * groups could not be read, why (audited as `sign_in.groups_unresolved` in the same write).
   */
  | { kind: "role"; tenantId: string; role: "admin" | "member"; groupScopes?: string; groupsUnresolved?: string }
  /** Platform Microsoft: the workspace of the Entra directory, else of the vouched e-mail domain; joined as member. */
  | { kind: "platform" };

/** The audit kind of a tenant-SSO sign-in that went ahead without the person's groups (the role was kept). */
export const GROUPS_UNRESOLVED_KIND = "sign_in.groups_unresolved";
