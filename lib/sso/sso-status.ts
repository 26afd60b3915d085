/** The status line of the SSO card, in the contract's exact words. */
export type SsoStatus = "Not configured" | "Configured · Toggle on to show the sign-in button" | "Configured · Sign-in button visible on /login";

export function ssoStatus(config: { kind: "entra" | "oidc"; entraTenantId: string | null; issuerUrl: string | null; clientId: string | null; secretSet: boolean; enabled: boolean } | undefined): SsoStatus {
  const directory = config?.kind === "oidc" ? config.issuerUrl : config?.entraTenantId;
  if (!config || !directory || !config.clientId || !config.secretSet) return "Not configured";
  return config.enabled ? "Configured · Sign-in button visible on /login" : "Configured · Toggle on to show the sign-in button";
}

