/** Identifiers that are the same in every Microsoft cloud, so the emulator hard-codes them as Entra does. */

/** The directory every personal Microsoft account (outlook.com, hotmail.com, …) belongs to; `consumers` is its nickname. */
export const PERSONAL_ACCOUNTS_TENANT_ID = "9188040d-6c67-4c5b-b112-36a304b66dad";

/** Microsoft Graph's application id: the audience of Graph access tokens. */
export const MICROSOFT_GRAPH_APP_ID = "00000003-0000-0000-c000-000000000000";
export const MICROSOFT_GRAPH_RESOURCE = "https://graph.microsoft.com";

/** The OpenID Connect scopes, which name no resource; every other scope belongs to exactly one API. */
export const OIDC_SCOPES: readonly string[] = ["openid", "profile", "email", "offline_access"];

export const GUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Entra states a v1 token's issuer on this host whatever cloud or emulator issued it, so the emulator keeps it:
 * validators must take v1 issuers from the v1 discovery document, not build them from the authority host.
 */
export const V1_ISSUER_HOST = "https://sts.windows.net";

/** Where Entra's error pages and JSON point people for an AADSTS code; a help link, so it stays Microsoft's. */
export const ERROR_LOOKUP_URL = "https://login.microsoftonline.com/error";
