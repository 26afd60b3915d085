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
  settings_admins_only: "Only workspace admins can open settings",
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
  domain_txt_missing: "Gatehouse could not find the TXT record yet. Check its name and value; DNS changes can take a while to appear everywhere.",
  domain_dns_unreachable: "Gatehouse could not reach DNS to look up the record. Nothing was changed; try again in a moment.",
  domain_verified_by_dns: "Verified. People with addresses on this domain now sign in to this workspace.",
  reset_email_invalid: "Enter your email address, such as alex@contoso.com.",
  password_reset_requested: "If a Gatehouse password account uses this address, a link to choose a new password is on its way. It works once, within 30 minutes.",
  password_reset_throttled: "Too many password reset requests. Try again later.",
  reset_link_invalid: "This password reset link is not valid. Ask for a new one.",
  reset_link_used: "This password reset link has already been used. Ask for a new one if you need it.",
  reset_link_expired: "This password reset link has expired. Ask for a new one.",
  password_reset_done: "Your password was changed and every session of your account was signed out. Sign in with your new password.",
  current_password_incorrect: "Your current password is not correct.",
  password_changed: "Your password was changed. Your other sessions were signed out.",
  other_sessions_ended: "Your other sessions were signed out.",
  invitation_revoked: "This invitation was withdrawn. Ask for a new one.",
  invitation_not_found: "This invitation does not exist or is no longer pending.",
  mail_not_sent: "The invitation mail could not be sent. Copy the link below and send it yourself.",
  mcp_not_configured: "No MCP server is configured",
  mcp_upstream_failed: "The MCP server could not be reached. Try again in a moment.",
  mcp_request_too_large: "The MCP request body is too large.",
  mcp_method_not_allowed: "The MCP endpoint accepts POST, GET and DELETE only.",
  mcp_token_required: "This MCP server needs an access token from your organization's Microsoft Entra ID.",
  mcp_token_in_query: "Send the access token in the Authorization header, never in the URL.",
  mcp_token_malformed: "The access token is not a Microsoft Entra access token Gatehouse can read.",
  mcp_token_unknown_directory: "No workspace accepts MCP access tokens from this Entra directory for this audience. Check the Tenant ID and Audience under Settings → MCP access.",
  mcp_token_other_workspace: "This access token belongs to another workspace's MCP access.",
  mcp_token_signature: "The access token's signature could not be verified.",
  mcp_token_v1_not_accepted: "This workspace accepts only v2.0 access tokens: set requestedAccessTokenVersion to 2 in the MCP API app's manifest (or turn on \"Accept v1.0 tokens\").",
  mcp_token_issuer: "The access token was not issued by this workspace's Entra directory.",
  mcp_token_audience: "The access token is not for this workspace's MCP API app (audience).",
  mcp_token_expired: "The access token has expired or is not valid yet.",
  mcp_token_scope: "The access token lacks the scope this MCP server requires.",
  mcp_user_not_provisioned: "This Entra user is not provisioned for MCP access in this workspace. Ask an admin to add their Object ID.",
  mcp_refusals_throttled: "Too many refused requests from this address. Try again later.",
  mcp_workspace_not_found: "This workspace does not exist.",
  mcp_access_not_configured: "MCP access is not configured for this workspace.",
  mcp_tenant_id_invalid: "Enter the Directory (tenant) ID, a GUID such as 00000000-0000-0000-0000-000000000000.",
  mcp_audience_invalid: "Enter the MCP API app's Application (client) ID, a GUID (api://<GUID> is accepted too).",
  mcp_scope_invalid: "Enter one scope name, such as mcp.access (letters, digits and . _ - only).",
  mcp_audience_taken: "Another workspace already uses this Entra tenant and audience for MCP access.",
  mcp_test_verified: "Connection verified: Microsoft Entra ID confirms this tenant's issuer.",
  mcp_test_unknown_tenant: "Microsoft Entra ID does not know this Tenant ID.",
  mcp_test_issuer_mismatch: "The tenant's discovery document names another issuer than this Tenant ID's. Check the Tenant ID.",
  mcp_test_unreachable: "Microsoft is unreachable, try again.",
  mcp_access_saved: "MCP access saved.",
  mcp_user_email_invalid: "Enter the e-mail address the person signs in to Entra with.",
  mcp_user_oid_invalid: "Enter the person's Object ID, a GUID such as 00000000-0000-0000-0000-000000000000.",
  mcp_user_exists: "This Object ID is already provisioned in this workspace.",
  mcp_user_added: "User added.",
  mcp_user_removed: "User removed. Their next MCP request is refused.",
  mcp_token_request_form: "A token request is an application/x-www-form-urlencoded form.",
  mcp_csv_email_invalid: "The e-mail address is not valid.",
  mcp_csv_oid_invalid: "The Object ID is not a GUID.",
  mcp_csv_duplicate_in_file: "This Object ID appears earlier in the file.",
  mcp_csv_already_provisioned: "This Object ID is already provisioned.",
  mcp_csv_header_missing: "The first row must be the header email,oid.",
  mcp_csv_too_many_rows: "A file can add at most 10,000 people.",
  mcp_csv_too_large: "The file is too large (at most 2 MiB).",
  mcp_csv_empty: "The file lists nobody.",
  mcp_csv_has_errors: "Nothing was imported: fix the rows listed and upload the file again.",
  mcp_provision_needs_config: "Save the MCP access configuration (Tenant ID and Audience) before adding users.",
  mcp_user_not_found: "This Object ID is not provisioned in this workspace.",
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

/** How long until a throttle lock ends, in whole minutes (at least one). */
function minutesUntil(until: Date, now: Date): number {
  return Math.max(1, Math.ceil((until.getTime() - now.getTime()) / 60_000));
}

export function passwordResetThrottledMessage(until: Date, now: Date): string {
  const minutes = minutesUntil(until, now);
  return `Too many password reset requests. Try again in ${minutes} minute${minutes === 1 ? "" : "s"}.`;
}

/**
 * The mail Gatehouse sends: subject and plain text, one home like every other sentence a person reads.
 */
export const MAIL_TEXTS = {
  passwordReset: (input: { link: string; minutes: number }) => ({
    subject: "Choose a new Gatehouse password",
    text: [
      "Someone (we hope you) asked to choose a new password for the Gatehouse account of this address.",
      "",
      `Open this link within ${input.minutes} minutes to choose it. It works once:`,
      input.link,
      "",
      "If you did not ask for this, ignore this mail: your password stays as it is.",
    ].join("\n"),
  }),
  invitation: (input: { link: string; workspace: string; role: "admin" | "member"; expires: string }) => ({
    subject: `You are invited to ${input.workspace} on Gatehouse`,
    text: [
      `You are invited to join ${input.workspace} on Gatehouse as ${input.role === "admin" ? "an admin" : "a member"}.`,
      "",
      `Open this link to accept. It works once, until ${input.expires} UTC:`,
      input.link,
      "",
      "If you were not expecting this invitation, ignore this mail.",
    ].join("\n"),
  }),
} as const;

export function throttledMessage(until: Date, now: Date): string {
  const minutes = minutesUntil(until, now);
  return `Too many failed sign-in attempts. Try again in ${minutes} minute${minutes === 1 ? "" : "s"}.`;
}

/** A self-serve domain whose TXT record disappeared at the daily re-check: it routes nobody until verified again. */
export function domainLostMessage(since: string): string {
  return `The TXT record was gone when Gatehouse checked on ${since}, so this domain no longer routes sign-ins. Publish the record again, then verify.`;
}
