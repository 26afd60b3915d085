import { EntraError } from "./errors";

/**
 * Every AADSTS failure the emulator can produce, with Microsoft's wording as observed in real responses (see the
 * protocol research, section 3.2). One place, so a test that pins a message and the code that raises it agree.
 */

export const tenantNotFound = (tenant: string, error: "invalid_tenant" | "invalid_request") =>
  new EntraError(
    error,
    90002,
    `Tenant '${tenant}' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud. Check with your subscription administrator, this may happen if there are no active subscriptions for the tenant.`,
  );

export const malformedTenant = (tenant: string) =>
  new EntraError("invalid_request", 900023, `Specified tenant identifier '${tenant}' is neither a valid DNS name, nor a valid external domain.`);

export const missingParameter = (name: string) =>
  new EntraError("invalid_request", 900144, `The request body must contain the following parameter: '${name}'.`);

export const appNotInDirectory = (clientId: string, directory: string) =>
  new EntraError(
    "unauthorized_client",
    700016,
    `Application with identifier '${clientId}' was not found in the directory '${directory}'. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant. You may have sent your authentication request to the wrong tenant.`,
  );

export const notMultiTenant = (clientId: string, displayName: string) =>
  new EntraError(
    "invalid_request",
    50194,
    `Application '${clientId}'(${displayName}) is not configured as a multi-tenant application. Usage of the /common endpoint is not supported for such applications created after '10/15/2018'. Use a tenant-specific endpoint or configure the application to be multi-tenant.`,
  );

export const redirectUriMismatch = (redirectUri: string, clientId: string) =>
  new EntraError(
    "invalid_request",
    50011,
    `The redirect URI '${redirectUri}' specified in the request does not match the redirect URIs configured for the application '${clientId}'. Make sure the redirect URI sent in the request matches one added to your application in the Azure portal. Navigate to https://aka.ms/redirectUriMismatchError to learn more about how to fix this.`,
  );

export const userNotAssigned = (appName: string, clientId: string) =>
  new EntraError(
    "access_denied",
    50105,
    `Your administrator has configured the application ${appName} ('${clientId}') to block users unless they are specifically granted ('assigned') access to the application. The signed in user '{EmailHidden}' is blocked because they are not a direct member of a group with access, nor had access directly assigned by an administrator. Please contact your administrator to assign access to this application.`,
  );

export const loginRequired = () =>
  new EntraError("login_required", 50058, "A silent sign-in request was sent but no user is signed in.");

export const unsupportedResponseType = (responseType: string) =>
  new EntraError("unsupported_response_type", 700054, `response_type '${responseType}' is not enabled for the application.`);

export const invalidResponseMode = (responseMode: string) =>
  new EntraError("invalid_request", 900144, `The provided value '${responseMode}' for the input parameter 'response_mode' is not valid.`);

/** The emulator demands PKCE on every code request (Entra does so only for SPAs) so the broker cannot drop it unnoticed. */
export const pkceRequired = () =>
  new EntraError("invalid_request", 9002325, "Proof Key for Code Exchange is required for cross-origin authorization code redemption.");

export const invalidCodeChallengeMethod = () => new EntraError("invalid_request", 50149, "Invalid Code_Challenge_method parameter.");

export const invalidCodeChallengeSize = () => new EntraError("invalid_request", 501491, "Invalid size of Code_Challenge parameter.");

export const codeVerifierMissing = () =>
  new EntraError("invalid_grant", 50148, "The code_verifier does not match the code_challenge supplied in the authorization request for PKCE.");

export const codeVerifierMismatch = () =>
  new EntraError("invalid_grant", 501481, "The Code_Verifier does not match the code_challenge supplied in the authorization request.");

export const multipleResources = (scope: string) =>
  new EntraError(
    "invalid_request",
    28000,
    `Provided value for the input parameter scope is not valid because it contains more than one resource. Scope ${scope} is not valid.`,
  );

export const resourceNotFound = (resource: string, tenantName: string) =>
  new EntraError(
    "invalid_resource",
    500011,
    `The resource principal named ${resource} was not found in the tenant named ${tenantName}. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant. You might have sent your authentication request to the wrong tenant.`,
  );

export const clientCredentialsScopeWithoutDefault = (scope: string) =>
  new EntraError(
    "invalid_scope",
    1002012,
    `The provided value for scope ${scope} is not valid. Client credential flows must have a scope value with /.default suffixed to the resource identifier (application ID URI).`,
  );

export const noTenantInRequest = () =>
  new EntraError("invalid_request", 50059, "No tenant-identifying information found in either the request or implied by any provided credentials.");

export const invalidClientSecret = (clientId: string) =>
  new EntraError(
    "invalid_client",
    7000215,
    `Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '${clientId}'.`,
    401,
  );

export const expiredClientSecret = (clientId: string) =>
  new EntraError(
    "invalid_client",
    7000222,
    `The provided client secret keys for app '${clientId}' are expired. Visit the Azure portal to create new keys for your app: https://aka.ms/NewClientSecret, or consider using certificate credentials for added security: https://aka.ms/certCreds.`,
    401,
  );

export const clientSecretMissing = () =>
  new EntraError("invalid_client", 7000218, "The request body must contain the following parameter: 'client_assertion' or 'client_secret'.", 401);

export const publicClientWithSecret = () =>
  new EntraError("invalid_client", 700025, "Client is public so neither 'client_assertion' nor 'client_secret' should be presented.", 401);

export const clientAssertionUnsupported = () =>
  new EntraError("invalid_client", 700027, "Client assertion failed signature validation. (The emulator accepts client secrets only.)", 401);

export const unsupportedGrantType = (grantType: string) =>
  new EntraError("unsupported_grant_type", 70003, `The app requested an unsupported grant type '${grantType}'.`);

export const malformedGrant = () => new EntraError("invalid_grant", 9002313, "Invalid request. Request is malformed or invalid.");

export const codeAlreadyRedeemed = () =>
  new EntraError(
    "invalid_grant",
    54005,
    "OAuth2 Authorization code was already redeemed, please retry with a new valid code or use an existing refresh token.",
  );

export const grantExpired = () =>
  new EntraError(
    "invalid_grant",
    70008,
    "The provided authorization code or refresh token has expired due to inactivity. Send a new interactive authorization request for this user and resource.",
  );

export const codeForOtherClient = () => new EntraError("invalid_grant", 70000, "The provided value for the 'code' parameter is not valid.");

export const codeForOtherTenant = () =>
  new EntraError("invalid_grant", 700005, "Provided Authorization Code is intended to use against other tenant, thus rejected.");

export const redirectUriDiffersFromAuthorize = (presented: string, original: string) =>
  new EntraError(
    "invalid_client",
    500112,
    `The reply address '${presented}' does not match the reply address '${original}' provided when requesting Authorization code.`,
  );

export const refreshNotAllowed = () =>
  new EntraError("invalid_grant", 9002313, "Invalid request. Request is malformed or invalid. (This refresh token was not issued to this client.)");

export const userGone = () =>
  new EntraError("invalid_grant", 50034, "The user account does not exist in the directory. To sign into this application, the account must be added to the directory.");

export const oboAssertionInvalid = (reason: string) => new EntraError("invalid_grant", 50013, `Assertion failed signature validation. [Reason - ${reason}]`);

export const oboConsentRequired = (clientId: string, resource: string) =>
  new EntraError(
    "invalid_grant",
    65001,
    `The user or administrator has not consented to use the application with ID '${clientId}'. Send an interactive authorization request for this user and resource. (resource ${resource})`,
    400,
    "consent_required",
  );

export const oboInvalidScope = (scope: string) => new EntraError("invalid_scope", 70011, `The provided request must include a 'scope' input parameter. The provided value for the input parameter 'scope' is not valid: '${scope}'.`);

export const oboUserOnly = () => new EntraError("invalid_grant", 7000114, "Application is not allowed to make application on-behalf-of calls.");
