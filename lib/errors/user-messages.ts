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
  method_not_allowed: "This address does not accept that request method.",
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
  role_invalid: "Choose a role: Admin or Member.",
  role_managed_by_sso: "This person's role comes from your SSO app roles at every sign-in. Change it in your identity provider.",
  role_managed_by_sso_badge: "Set by SSO",
  /** With the person and the role in place of {name} and {role}: use roleChangedMessage(). */
  role_changed: "{name} is now {role}.",
  invite_email_invalid: "Enter the email address of the person to invite, such as alex@contoso.com.",
  already_member: "This person already belongs to this workspace.",
  /** With the address in place of {email}: use invitationSentMessage(). */
  invitation_sent: "Invitation mailed to {email}. The link works once, for 7 days; it is shown below only now.",
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
  grant_not_found: "This app is not connected for this person any more.",
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
  api_keys_explanation:
    "Keys for MCP clients and scripts that call this workspace's MCP servers as you. A key is shown once, when you create it; it stops working when it expires, when you revoke it, or when you leave the workspace.",
  api_keys_empty: "You have no API keys.",
  api_key_name_invalid: "Enter a name of 1 to 60 characters, such as the laptop or script that will use the key.",
  api_key_expiry_invalid: "Choose when the key expires: in 30, 90 or 365 days.",
  api_key_scopes_invalid: "Choose at least one scope, among those you hold.",
  api_key_too_many: "You have 20 live API keys, the most allowed. Revoke one you no longer use first.",
  api_key_created: "Copy your new API key now. Gatehouse keeps only a hash of it and cannot show it again.",
  api_key_revoked: "API key revoked. Its next request is refused.",
  api_key_not_found: "This API key does not exist or is already revoked.",
  machines_explanation:
    "Machines are services and jobs that call your MCP servers without a person: each gets a Client ID and a Client secret and exchanges them for an access token at Gatehouse's token endpoint (client credentials).",
  machines_empty: "This workspace has no machines.",
  machine_name_invalid: "Enter a name of 1 to 60 characters, such as the service or job that will use the machine.",
  machine_scopes_invalid: "Choose at least one scope, among those this workspace offers.",
  machine_too_many: "This workspace has 50 machines, the most allowed. Delete one you no longer use first.",
  machine_not_found: "This machine or secret does not exist in your workspace.",
  machine_secret_limit: "A machine holds two live secrets at most. Retire the old one first.",
  machine_secret_last: "This is the machine's only secret. Create a new one before you retire it, or disable the machine.",
  machine_disabled: "This machine is disabled. Enable it before you create a secret.",
  machine_created: "Copy the Client ID and the Client secret now. Gatehouse keeps only a hash of the secret and cannot show it again.",
  machine_secret_created: "Copy the new Client secret now; it is shown once. Retire the old one when your service uses the new one.",
  machine_secret_retired: "Secret retired. Its next use is refused.",
  machine_deleted: "Machine deleted. Its secrets and its tokens are refused from their next use.",
  machine_disabled_done: "Machine disabled. Its secrets were revoked; enable it and create a new secret to use it again.",
  machine_enabled: "Machine enabled. Create a secret for it to get tokens again.",
  machine_scope_mcp: "Use the MCP servers Gatehouse protects, as this machine",
  oauth_client_credentials_machines_only: "Only a workspace's machine accounts may use the client credentials grant.",
  oauth_machine_scope_not_granted: "This machine was not given the scope it asked for.",
  mcp_token_member_removed: "The person this access token was issued to is no longer a member of its workspace.",
  mcp_machine_revoked: "The machine was deleted or disabled, or its credentials were revoked.",
  mcp_api_key_invalid: "The API key is not valid.",
  mcp_api_key_expired: "The API key has expired. Create a new one under My account → API keys.",
  mcp_api_key_revoked: "The API key was revoked.",
  mcp_api_key_owner_removed: "The API key's owner is no longer a member of its workspace.",
  okta_issuer_invalid: "Enter your Okta org issuer: an https URL such as https://your-org.okta.com, with no path.",
  okta_custom_authorization_server:
    "Use your org authorization server issuer (https://<your-org>.okta.com), not a custom authorization server. Cross-App Access apps cannot use custom authorization servers.",
  okta_discovery_unreachable: "Okta's discovery document for this issuer could not be fetched. Check the issuer and try again.",
  okta_discovery_mismatch: "The discovery document at this address names another issuer. Enter the issuer exactly as Okta states it.",
  okta_issuer_taken: "This Okta org is already linked to another workspace.",
  okta_scope_invalid: "Enter scopes as words separated by spaces (letters, digits and . _ : / -), at most 20.",
  okta_saved: "Okta org saved. Its ID-JAGs are accepted from now on.",
  okta_removed: "Okta org removed. Its ID-JAGs are refused from now on.",
  id_jag_client_not_confidential: "Only a confidential client can present an ID-JAG.",
  id_jag_malformed: "The assertion is not a JWT.",
  id_jag_issuer_unknown: "The ID-JAG's issuer is not an Okta org linked to a workspace.",
  id_jag_wrong_type: "The assertion is not an ID-JAG (its typ header must be oauth-id-jag+jwt).",
  id_jag_signature_invalid: "The ID-JAG's signature could not be verified with its issuer's keys.",
  id_jag_audience_mismatch: "The ID-JAG was issued for another authorization server (aud must be Gatehouse's issuer).",
  id_jag_client_mismatch: "The ID-JAG was issued for another client (client_id must be the authenticated client).",
  id_jag_expired: "The ID-JAG has expired. Get a new one from Okta.",
  id_jag_issued_in_future: "The ID-JAG's iat is missing or in the future.",
  id_jag_lifetime_too_long: "The ID-JAG's lifetime is longer than 10 minutes.",
  id_jag_jti_missing: "The ID-JAG has no jti.",
  id_jag_replayed: "This ID-JAG was already used. Get a new one from Okta.",
  id_jag_subject_missing: "The ID-JAG has no sub.",
  id_jag_resource_not_allowed: "The ID-JAG or the request names a resource other than Gatehouse's MCP gateway.",
  id_jag_scope_not_allowed: "The requested scopes are not within the ID-JAG's, or none of them is one Gatehouse grants to this workspace.",
  id_jag_email_not_on_verified_domain: "The person's email is not on one of the workspace's verified domains, so they cannot be added to it.",
  id_jag_member_removed: "An admin removed this person from the workspace.",
  oauth_client_name_invalid: "Enter a name of 1 to 80 characters.",
  oauth_client_grant_types_invalid: "Choose at least one grant type: jwt-bearer (ID-JAG) or authorization_code.",
  oauth_client_redirect_uris_invalid: "Enter 1 to 10 redirect URIs, one per line, each an https URL without a fragment.",
  oauth_client_auth_method_invalid: "Choose client_secret_basic or client_secret_post.",
  oauth_client_not_found: "This client does not exist or was deleted.",
  oauth_client_created: "Copy the client secret now. Gatehouse keeps only a hash of it and cannot show it again.",
  oauth_client_secret_rotated: "New client secret created; the previous one keeps working until you rotate again. Copy it now: it is not shown again.",
  oauth_client_deleted: "Client deleted. Its next request is refused.",
  group_mapping_group_id_invalid: "Enter the group's Object ID, a GUID such as 00000000-0000-0000-0000-000000000000.",
  group_mapping_group_name_invalid: "Enter the group's name exactly as your identity provider sends it in the groups claim (1 to 256 characters).",
  group_mapping_role_invalid: "Choose the role this group gives: admin or member.",
  group_mapping_scopes_invalid: "Enter at most 20 MCP scopes separated by spaces, such as mcp.access (letters, digits and . _ : / - only).",
  group_mapping_exists: "This group already has a mapping. Remove or move that one instead.",
  group_mapping_not_found: "This mapping no longer exists. Reload the page.",
  group_mapping_too_many: "A workspace can have at most 100 group mappings. Remove one first.",
  group_mapping_added: "Mapping added. It applies from each person's next sign-in.",
  group_mapping_removed: "Mapping removed. It applies from each person's next sign-in.",
  group_mapping_moved: "Priority changed. It applies from each person's next sign-in.",
  group_mappings_need_sso: "Set up single sign-on under Settings → SSO before mapping groups.",
  group_mappings_entra_setup:
    "Entra sends groups only when your app asks for them: in the Entra admin center, App registrations → your SSO app → Token configuration → Add groups claim → Security groups (in the manifest, \"groupMembershipClaims\": \"SecurityGroup\"). For people in more than 200 groups, Entra sends a reference instead and Gatehouse reads their groups from Microsoft Graph with the app's own secret: under API permissions, add the Microsoft Graph application permissions User.ReadBasic.All and GroupMember.Read.All, and grant admin consent.",
  group_mappings_precedence:
    "At every SSO sign-in the role comes from, in this order: an app role in the role claim (Entra's roles), then the first mapping below whose group the person is in, then the default of the SSO card (member, or refused). The MCP scopes come from the first matching mapping. When Entra sends too many groups, Gatehouse asks Microsoft Graph; if Graph cannot answer, the person keeps the role and scopes they had (someone new gets the default) and the audit log records it.",
  service_principal_app_id_invalid: "Enter the application's Application (client) ID, a GUID such as 00000000-0000-0000-0000-000000000000.",
  service_principal_name_invalid: "Enter a name of 1 to 60 characters, such as the service that uses the application.",
  service_principal_scopes_invalid: "Enter 1 to 20 MCP scopes separated by spaces, including this workspace's required scope.",
  service_principal_exists: "This application is already registered in this workspace.",
  service_principal_not_found: "This application is not registered in this workspace. Reload the page.",
  service_principal_added: "Application registered. Its app-only tokens are accepted from now on.",
  service_principal_removed: "Application removed. Its next MCP request is refused.",
  service_principal_disabled: "Application disabled. Its next MCP request is refused.",
  service_principal_enabled: "Application enabled.",
  mcp_app_not_registered: "This Entra application is not registered for MCP access in this workspace. Ask an admin to add its Application ID under Settings → MCP access.",
  mcp_app_disabled: "This Entra application is disabled for MCP access in this workspace.",
  mcp_app_role_missing: "The app-only token lacks the app role this MCP server requires (roles).",
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

export function roleChangedMessage(name: string, role: "admin" | "member"): string {
  return USER_MESSAGES.role_changed.replace("{name}", name).replace("{role}", role === "admin" ? "an admin" : "a member");
}

export function invitationSentMessage(email: string): string {
  return USER_MESSAGES.invitation_sent.replace("{email}", email);
}
