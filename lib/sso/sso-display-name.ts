import { USER_MESSAGES } from "@/lib/errors/user-messages";

/**
 * The name people see for a workspace's identity provider — on the login button ("Continue with …"), the SSO card's
 * status and the refusal pages: "Microsoft Entra ID" for Entra, otherwise the admin's display name, or else the
 * issuer's host.
 */
export const ENTRA_DISPLAY_NAME = "Microsoft Entra ID";

export function ssoDisplayName(sso: { kind: "entra" | "oidc"; issuerUrl: string | null; displayName: string | null }): string {
  if (sso.kind === "entra") return ENTRA_DISPLAY_NAME;
  if (sso.displayName) return sso.displayName;
  return sso.issuerUrl && URL.canParse(sso.issuerUrl) ? new URL(sso.issuerUrl).host : USER_MESSAGES.sso_default_display_name;
}
