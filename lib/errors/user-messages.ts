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
  password_too_short: "Use at least 12 characters.",
  password_too_long: "Use at most 1024 characters.",
  password_common: "This password appears in lists of common or breached passwords. Choose another.",
  password_weak: "This password is too easy to guess. Add more words or characters that do not follow a pattern.",
  password_contains_login: "Your password must not contain your email or username.",
  password_same_as_current: "Choose a password different from your current one.",
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
  /** A non-Entra issuer's refusals, with its display name in place of {idp}: use idpMessage(). */
  sso_no_supported_role_named: "This {idp} account is not assigned a supported role",
  sso_domain_not_owned_named: "Your {idp} account's email domain is not one of this workspace's verified domains.",
  sso_issuer_invalid_named: "{idp}'s answer could not be verified, so you were not signed in.",
  sso_idp_unreachable_named: "{idp} is unreachable, try again.",
  sso_session_expired_named: "The {idp} sign-in session expired. Enter your email to start again.",
  sso_idp_error_named: "{idp} could not complete the sign-in.",
  sso_default_display_name: "your identity provider",
  sso_role_claim_hint:
    "The claim that carries people's roles: roles for Microsoft Entra app roles; groups, or your own claim, for Okta, Auth0, Keycloak or Google. It may hold one value or a list; Gatehouse reads it from the ID token, or from UserInfo when the ID token lacks it.",
  sso_unmatched_role_hint:
    "Someone whose role claim holds neither the admin nor the member value is refused (and nothing is written), or joins this workspace as a member.",
  sso_role_claim_invalid: "Enter a claim name such as roles or groups (letters, digits, and _ . : / -).",
  sso_unmatched_role_invalid: "Choose whether people without a matching role are refused or join as members.",
  sso_unmatched_role_refuse: "Refuse them",
  sso_unmatched_role_member: "Let them in as members",
  sso_display_name_hint: "Shown on the login button (Continue with …) and on error pages. Empty: the issuer's host.",
  sso_domains_hint: "People whose address is on a verified domain are sent to this sign-in from /login.",
  sso_test_issuer_unreachable: "The identity provider is unreachable, try again",
  sso_issuer_no_token_endpoint: "The issuer's discovery document names no token endpoint.",
  continue_with_idp: "Continue with {idp}",
  sso_tid_mismatch: "This account belongs to another organization's directory, not the one this workspace uses for sign-in.",
  sso_domain_not_owned: "Your email domain is not one of this workspace's verified domains.",
  sso_unavailable: "Single sign-on is not available for this workspace right now. Contact your administrator.",
  sso_status_not_configured: "Not configured",
  sso_status_off: "Configured · Toggle on to show the sign-in button",
  sso_status_visible: "Configured · Sign-in button visible on /login",
  sso_status_secret_expired: "Configured · Sign-in fails: the client secret has expired",
  sso_status_no_verified_domain: "Configured · Not shown on /login: no verified domain routes people here yet",
  sso_domain_routes: "Verified · routes its addresses to this sign-in",
  sso_domain_pending: "Not verified yet · routes no one",
  sso_no_domains: "This workspace has no domains yet. Ask the operator to add and verify your company's domain.",
  last_admin: "A workspace needs at least one admin.",
  tenant_user_not_found: "This user is not a member of this workspace.",
  unverified_email_badge: "unverified",
  unverified_email_hint: "Their identity provider asserted this address without vouching for it, so it is not their e-mail here.",
  remove_user_consequence:
    "They lose access to this workspace and are signed out of it at once. Signing in again does not bring them back, not even through Microsoft or SSO: at their next sign-in they are told they were removed, until an admin invites them again.",
  remove_self_consequence: "You will lose access to this workspace and be signed out. Signing in again will not bring you back: an admin has to invite you again.",
  /** With the workspace's name in place of {workspace}: use removedMessage(). */
  removed_from_workspace: "You were removed from {workspace}. Ask an admin to invite you again.",
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

/** The removed person's refusal, naming the workspace they were removed from. */
export function removedMessage(workspaceName: string): string {
  return USER_MESSAGES.removed_from_workspace.replace("{workspace}", workspaceName);
}

/** A sentence naming a workspace's identity provider (its display name), for the codes whose text has {idp}. */
export type IdpNamingCode =
  | "sso_no_supported_role_named"
  | "sso_domain_not_owned_named"
  | "sso_issuer_invalid_named"
  | "sso_idp_unreachable_named"
  | "sso_session_expired_named"
  | "sso_idp_error_named"
  | "continue_with_idp";

/** Whether a refusal code is one whose sentence names the workspace's identity provider. */
export function namesIdp(code: string): code is Exclude<IdpNamingCode, "continue_with_idp"> {
  return code !== "continue_with_idp" && Object.hasOwn(USER_MESSAGES, code) && USER_MESSAGES[code as UserMessageCode].includes("{idp}");
}

export function idpMessage(code: IdpNamingCode, idpName: string): string {
  return USER_MESSAGES[code].replace("{idp}", idpName);
}
