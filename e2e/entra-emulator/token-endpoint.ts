import * as aadsts from "./aadsts";
import { clientAppFor, resolveAuthority, type Authority } from "./authority";
import { accessTokenVersion, appAccessTokenClaims, idTokenClaims, tokenTimes, userAccessTokenClaims } from "./claims";
import { authenticateClient, presentedClient } from "./client-auth";
import type { DirectoryUser, RegisteredApp } from "./directory";
import { EntraError, entraErrorBody } from "./errors";
import { OBO_GRANT_TYPE, onBehalfOfGrant } from "./on-behalf-of";
import { hostileIdTokenClaims, oversizedIdToken, signIdToken } from "./hostile-id-token";
import { form, jsonResponse, NO_STORE_HEADERS, type EmulatorRequest, type EmulatorResponse } from "./http";
import { verifyCodeVerifier } from "./pkce";
import { delegatedPermissions, grantedScopeString, parseScopeParameter, resolveResource, splitScopes } from "./scopes";
import type { EmulatorState } from "./state";
import { signToken } from "./token-signing";

/**
 * `POST /{tenant}/oauth2/v2.0/token`: the authorization-code, refresh-token, client-credentials and On-Behalf-Of
 * (on-behalf-of.ts) grants. Every
 * answer, success or Entra error JSON, carries the no-store headers Entra sends.
 */

const GRANT_TYPES = ["authorization_code", "refresh_token", "client_credentials", OBO_GRANT_TYPE] as const;
type GrantType = (typeof GRANT_TYPES)[number];

/** Entra states one second less than the token's hour; clients refresh on `expires_in`. */
const EXPIRES_IN = 3599;

export async function handleTokenRequest(request: EmulatorRequest, state: EmulatorState, tenantSegment: string): Promise<EmulatorResponse> {
  try {
    const body = form(request);
    const authority = resolveAuthority(tenantSegment, state.directory, "invalid_request");
    const presented = presentedClient(body, request.headers.authorization);
    if (!presented.clientId) throw aadsts.missingParameter("client_id");
    const grantTypeParameter = body.get("grant_type");
    if (!grantTypeParameter) throw aadsts.missingParameter("grant_type");
    const grantType = GRANT_TYPES.find((g) => g === grantTypeParameter);
    if (!grantType) throw aadsts.unsupportedGrantType(grantTypeParameter);
    const client = clientAppFor(authority, presented.clientId, state.directory);
    const clientAuthentication = authenticateClient(client, presented, state.clock.now());
    // Hostile mode: a well-formed Entra refusal of a request that deserved tokens, taking nothing from the grant.
    if (state.hostile.is(client.app.clientId, "token_error")) throw aadsts.grantExpired();
    const result = await runGrant(grantType, { body, authority, client, clientAuthentication, state });
    return jsonResponse(200, result, NO_STORE_HEADERS);
  } catch (e) {
    if (e instanceof EntraError) return jsonResponse(e.status, entraErrorBody(e, request.trace), NO_STORE_HEADERS);
    throw e;
  }
}

type GrantContext = { body: URLSearchParams; authority: Authority; client: RegisteredApp; clientAuthentication: "0" | "1"; state: EmulatorState };

function runGrant(grantType: GrantType, context: GrantContext): Promise<Record<string, unknown>> {
  switch (grantType) {
    case "authorization_code":
      return authorizationCodeGrant(context);
    case "refresh_token":
      return refreshTokenGrant(context);
    case "client_credentials":
      return clientCredentialsGrant(context);
    case OBO_GRANT_TYPE:
      return onBehalfOfGrant(context.body, context.authority, context.client, context.clientAuthentication, context.state);
  }
}

async function authorizationCodeGrant({ body, authority, client, clientAuthentication, state }: GrantContext) {
  const code = body.get("code");
  if (!code) throw aadsts.missingParameter("code");
  const redemption = state.grants.redeemCode(code, state.clock.now().getTime(), (clientId) => state.hostile.is(clientId, "code_replay"));
  if (redemption.outcome !== "ok") {
    throw { unknown: aadsts.malformedGrant, redeemed: aadsts.codeAlreadyRedeemed, expired: aadsts.grantExpired }[redemption.outcome]();
  }
  const { grant } = redemption;
  if (grant.request.clientId !== client.app.clientId) throw aadsts.codeForOtherClient();
  if (authority.kind === "tenant" && authority.tenant.id !== grant.tenantId) throw aadsts.codeForOtherTenant();

  const redirectUri = body.get("redirect_uri");
  if (!redirectUri) throw aadsts.missingParameter("redirect_uri");
  if (redirectUri !== grant.request.redirectUri) throw aadsts.redirectUriDiffersFromAuthorize(redirectUri, grant.request.redirectUri);
  const verifier = body.get("code_verifier");
  if (!verifier) throw aadsts.codeVerifierMissing();
  if (!verifyCodeVerifier(verifier, grant.request.codeChallenge, grant.request.codeChallengeMethod)) throw aadsts.codeVerifierMismatch();

  const signedIn = state.directory.user(grant.tenantId, grant.oid);
  if (!signedIn) throw aadsts.userGone();
  return issueUserTokens(state, {
    signedIn,
    client,
    clientAuthentication,
    sid: grant.sid,
    authorizedScopes: grant.request.scopes,
    requestedScope: body.get("scope"),
    nonce: grant.request.nonce,
    clientInfo: body.get("client_info") === "1",
  });
}

async function refreshTokenGrant({ body, authority, client, clientAuthentication, state }: GrantContext) {
  const token = body.get("refresh_token");
  if (!token) throw aadsts.missingParameter("refresh_token");
  const found = state.grants.refreshGrant(token, state.clock.now().getTime());
  if (found.outcome !== "ok") throw found.outcome === "expired" ? aadsts.grantExpired() : aadsts.malformedGrant();
  const { grant } = found;
  if (grant.clientId !== client.app.clientId) throw aadsts.refreshNotAllowed();
  if (authority.kind === "tenant" && authority.tenant.id !== grant.tenantId) throw aadsts.codeForOtherTenant();
  // Tokens from a refresh say what the directory says now: renamed users, changed roles, new e-mail.
  const signedIn = state.directory.user(grant.tenantId, grant.oid);
  if (!signedIn) throw aadsts.userGone();
  return issueUserTokens(state, {
    signedIn,
    client,
    clientAuthentication,
    sid: grant.sid,
    authorizedScopes: grant.scopes,
    requestedScope: body.get("scope"),
    nonce: undefined,
    clientInfo: body.get("client_info") === "1",
  });
}

type UserTokenRequest = {
  signedIn: DirectoryUser;
  client: RegisteredApp;
  clientAuthentication: "0" | "1";
  sid: string;
  /** The scopes the person authorized at /authorize: they decide id_token and refresh_token. */
  authorizedScopes: string[];
  /** The token request's own `scope`, which may name another resource (Entra's multi-resource refresh). */
  requestedScope: string | null;
  nonce: string | undefined;
  clientInfo: boolean;
};

async function issueUserTokens(state: EmulatorState, request: UserTokenRequest) {
  const { signedIn, client, clientAuthentication, sid } = request;
  const authorized = splitScopes(request.authorizedScopes);
  const requested = request.requestedScope ? splitScopes(parseScopeParameter(request.requestedScope)) : authorized;
  // OpenID scopes cannot be widened at the token endpoint; the resource can change.
  const scopes = { oidc: authorized.oidc, resource: requested.resource ?? authorized.resource };
  const resource = resolveResource(scopes.resource?.identifier, signedIn.tenant, state.directory);
  const permissions = delegatedPermissions(scopes, resource);
  const nowSeconds = state.clock.nowSeconds();
  const times = tokenTimes(nowSeconds);
  const key = state.signingKeys.active();
  const hostileMode = state.hostile.of(client.app.clientId);

  const accessClaims = userAccessTokenClaims({ origin: state.origin, signedIn, client, resource, permissions, sid, times, clientAuthentication });
  const response: Record<string, unknown> = {
    token_type: "Bearer",
    scope: grantedScopeString(scopes, resource, permissions),
    expires_in: EXPIRES_IN,
    ext_expires_in: EXPIRES_IN,
    access_token: await signToken(accessClaims, key, accessTokenVersion(resource)),
  };
  if (scopes.oidc.includes("offline_access")) {
    response.refresh_token = state.grants.issueRefreshToken(
      { clientId: client.app.clientId, tenantId: signedIn.tenant.id, oid: signedIn.user.oid, sid, scopes: request.authorizedScopes },
      state.clock.now().getTime(),
    );
  }
  let idClaims: Record<string, unknown> | undefined;
  if (scopes.oidc.includes("openid") && hostileMode !== "missing_id_token") {
    const normalClaims = idTokenClaims({ origin: state.origin, signedIn, client, oidcScopes: scopes.oidc, nonce: request.nonce, sid, times });
    idClaims = hostileIdTokenClaims(hostileMode, normalClaims, state.origin, nowSeconds);
    response.id_token = await signIdToken(hostileMode, idClaims, state.signingKeys, state.clock.now());
  }
  if (request.clientInfo) {
    // MSAL asks for this to key its cache: the user's oid and tenant, base64url JSON.
    response.client_info = Buffer.from(JSON.stringify({ uid: signedIn.user.oid, utid: signedIn.tenant.id })).toString("base64url");
  }
  if (hostileMode === "oversized_token" && idClaims && typeof response.id_token === "string") {
    // Padded last, once the rest of the response (client_info included) is known, to reach the size.
    const otherBytes = Buffer.byteLength(JSON.stringify(response)) - response.id_token.length;
    response.id_token = await oversizedIdToken(idClaims, key, otherBytes);
  }
  return response;
}

async function clientCredentialsGrant({ body, authority, client, clientAuthentication, state }: GrantContext) {
  if (authority.kind !== "tenant") throw aadsts.noTenantInRequest();
  if (clientAuthentication === "0") throw aadsts.clientSecretMissing();
  const scopeParameter = body.get("scope");
  if (!scopeParameter) throw aadsts.missingParameter("scope");
  const scopes = parseScopeParameter(scopeParameter);
  if (scopes.some((s) => !s.endsWith("/.default"))) throw aadsts.clientCredentialsScopeWithoutDefault(scopeParameter);
  const resource = resolveResource(splitScopes(scopes).resource?.identifier, authority.tenant, state.directory);
  const claims = appAccessTokenClaims({ origin: state.origin, tenant: authority.tenant, client, resource, times: tokenTimes(state.clock.nowSeconds()) });
  // Exactly these four keys, in this order, as recorded from Entra (research 3.3).
  return {
    token_type: "Bearer",
    expires_in: EXPIRES_IN,
    ext_expires_in: EXPIRES_IN,
    access_token: await signToken(claims, state.signingKeys.active(), accessTokenVersion(resource)),
  };
}
