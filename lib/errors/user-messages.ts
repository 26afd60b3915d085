/**
 * Every user-facing error string, in one place, keyed by the stable `code` that lib/ errors carry. Pages and route
 * handlers look the code up here; nothing else writes these sentences.
 */
export const USER_MESSAGES = {
  invalid_credentials: "Incorrect email or password.",
  throttled: "Too many failed sign-in attempts. Try again later.",
  invalid_login: "Enter your email address (or username).",
  password_required: "Enter your password.",
  password_change_required: "Choose a new password before you continue.",
  passwords_do_not_match: "The two passwords do not match.",
  not_signed_in: "Your session has ended. Sign in again.",
  database_unavailable: "Gatehouse cannot reach its database right now. Try again in a moment.",
  request_too_large: "The request was too large.",
  unexpected: "Something went wrong on our side. Try again, and contact support with the reference below if it persists.",
  not_found: "This page does not exist.",
  auth_configuration: "Sign-in is not configured correctly. Contact your administrator.",
  access_denied: "You do not have access.",
  sign_in_failed: "Sign-in did not complete. Start again.",
  microsoft_session_expired: "Microsoft sign-in session expired",
  microsoft_not_configured: "Sign in with Microsoft is not set up on this Gatehouse.",
  personal_account_not_allowed: "Personal Microsoft accounts cannot sign in here. Use your work or school account.",
  issuer_invalid: "Microsoft's answer could not be verified, so you were not signed in.",
  entra_error: "Microsoft could not complete the sign-in.",
  workspace_name_invalid: "Enter a workspace name of 2 to 80 characters.",
  sso_no_supported_role: "This Microsoft Entra account is not assigned a supported app role",
  sso_tid_mismatch: "This account belongs to another organization's directory, not the one this workspace uses for sign-in.",
  sso_domain_not_owned: "Your email domain is not one of this workspace's verified domains.",
  sso_unavailable: "Single sign-on is not available for this workspace right now. Contact your administrator.",
  last_admin: "A workspace needs at least one admin.",
  tenant_user_not_found: "This user is not a member of this workspace.",
  domain_not_allowed: "Your email domain is not allowed to sign in here",
  password_not_allowed: "Password sign-in is turned off here. Sign in with your organization's Microsoft account.",
  tenant_disabled: "This workspace has been disabled. Contact your administrator.",
  staff_no_role: "This Microsoft Entra account is not assigned a Gatehouse staff role (Staff.Admin or Staff.Support).",
  staff_wrong_directory: "Only accounts of the operator's own Microsoft Entra directory can sign in to the console.",
  staff_not_signed_in: "Your console session has ended. Sign in again.",
  staff_read_only: "Your staff role (Staff.Support) is read-only: this action needs Staff.Admin.",
  console_not_configured: "Console sign-in is not set up on this Gatehouse (MGMT_MS_CLIENT_ID, MGMT_MS_CLIENT_SECRET, MGMT_MS_TENANT_ID).",
  tenant_not_found: "This tenant does not exist.",
  tenant_status_invalid: "The status must be \"active\" or \"disabled\".",
  domain_not_found: "This domain does not belong to this tenant.",
  domain_verified_invalid: "Say whether the domain is verified (true or false).",
  domain_invalid: "Enter a domain name such as contoso.com.",
  domain_public: "Public mail domains such as outlook.com cannot belong to a tenant.",
  domain_taken: "This domain already belongs to another tenant.",
  user_not_found: "This user does not exist.",
  invitation_invalid: "This invitation link is not valid. Ask for a new one.",
  invitation_used: "This invitation has already been used.",
  invitation_expired: "This invitation has expired. Ask for a new one.",
  account_exists: "An account with this email already exists. Sign in, then open this invitation link again.",
  invalid_json: "The request body must be a JSON object.",
  idp_unreachable: "Microsoft is unreachable, try again.",
  idp_answer_unverified: "The identity provider's answer could not be verified.",
  oauth_redirect_not_native:
    "redirect_uris must be loopback (http://127.0.0.1, http://[::1] or http://localhost) or private-use scheme URIs: only native public clients can register here.",
  oauth_client_not_public: "Only public clients (token_endpoint_auth_method \"none\") can register here.",
  oauth_client_keys_not_allowed: "Public clients register without keys (jwks, jwks_uri).",
  oauth_registration_rate_limited: "Too many client registrations from this address. Try again in a minute.",
  oauth_request_invalid: "This authorization request cannot be completed. Go back to the application and try again.",
  oauth_interaction_expired: "This authorization request has expired or was opened in another browser. Go back to the application and start again.",
  oauth_consent_denied: "You declined access for this application.",
  oauth_consent_title: "Allow access?",
  oauth_consent_explanation: "This application will act as you in this workspace until you revoke its access.",
  oauth_scope_mcp: "Use the MCP servers Gatehouse protects, as you",
  oauth_scope_offline_access: "Stay connected while you are away",
  oauth_scope_openid: "Know who you are",
  connected_apps_explanation:
    "Applications you allowed to act as you. Revoking one ends its access at once; a token it already holds stops working within 15 minutes.",
  connected_apps_empty: "You have not allowed any application yet.",
} as const;

export type UserMessageCode = keyof typeof USER_MESSAGES;

/** Auth.js redirects to the error page with `?error=<Type>`; these are the types it uses and what they mean here. */
const AUTHJS_ERRORS: Record<string, UserMessageCode> = {
  Configuration: "auth_configuration",
  AccessDenied: "access_denied",
  InvalidCheck: "microsoft_session_expired",
  OAuthCallbackError: "sign_in_failed",
  OAuthAccountNotLinked: "sign_in_failed",
  AccountNotLinked: "sign_in_failed",
  Verification: "sign_in_failed",
  Default: "sign_in_failed",
};

export function messageFor(code: string | undefined | null): string {
  // Own properties only: `?error=__proto__` must not reach Object.prototype.
  if (code && Object.hasOwn(USER_MESSAGES, code)) return USER_MESSAGES[code as UserMessageCode];
  if (code && Object.hasOwn(AUTHJS_ERRORS, code)) return USER_MESSAGES[AUTHJS_ERRORS[code]!];
  return USER_MESSAGES.unexpected;
}

export function throttledMessage(until: Date, now: Date): string {
  const minutes = Math.max(1, Math.ceil((until.getTime() - now.getTime()) / 60_000));
  return `Too many failed sign-in attempts. Try again in ${minutes} minute${minutes === 1 ? "" : "s"}.`;
}
