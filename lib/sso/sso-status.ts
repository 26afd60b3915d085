import { USER_MESSAGES } from "@/lib/errors/user-messages";

/**
 * The status line of the SSO card. "Sign-in button visible on /login" only when it is true: SSO on, the client
 * secret not past the expiry the admin gave, and at least one verified domain routing people to it. Otherwise the
 * status names what is missing.
 */
export type SsoStatus =
  | (typeof USER_MESSAGES)["sso_status_not_configured"]
  | (typeof USER_MESSAGES)["sso_status_off"]
  | (typeof USER_MESSAGES)["sso_status_visible"]
  | (typeof USER_MESSAGES)["sso_status_secret_expired"]
  | (typeof USER_MESSAGES)["sso_status_no_verified_domain"];

export type SsoStatusInput = {
  kind: "entra" | "oidc";
  entraTenantId: string | null;
  issuerUrl: string | null;
  clientId: string | null;
  secretSet: boolean;
  enabled: boolean;
  /** The expiry the admin entered for the secret, if any. */
  clientSecretExpiresAt?: Date | null;
  /** How many verified domains the workspace has (each routes its addresses here). Unknown: not judged. */
  verifiedDomains?: number;
};

export function ssoStatus(config: SsoStatusInput | undefined, now: Date = new Date()): SsoStatus {
  const directory = config?.kind === "oidc" ? config.issuerUrl : config?.entraTenantId;
  if (!config || !directory || !config.clientId || !config.secretSet) return USER_MESSAGES.sso_status_not_configured;
  if (!config.enabled) return USER_MESSAGES.sso_status_off;
  if (config.clientSecretExpiresAt && config.clientSecretExpiresAt.getTime() <= now.getTime()) return USER_MESSAGES.sso_status_secret_expired;
  if (config.verifiedDomains === 0) return USER_MESSAGES.sso_status_no_verified_domain;
  return USER_MESSAGES.sso_status_visible;
}
