import * as aadsts from "./aadsts";
import { clientAppFor, resolveAuthority, usersOf, v2Issuer, type Authority } from "./authority";
import { Directory, type DirectoryUser, type RegisteredApp } from "./directory";
import { EntraError, entraErrorDescription, entraErrorUri, type TraceContext } from "./errors";
import type { AuthorizeRequest } from "./grant-store";
import { form, htmlResponse, type EmulatorRequest, type EmulatorResponse } from "./http";
import { newGuid, opaqueValue } from "./ids";
import { HOSTILE_OTHER_TENANT_ID } from "./hostile-modes";
import { accountPickerPage, errorPage, expiredSignInPage } from "./pages";
import { isValidChallengeLength } from "./pkce";
import { respondToRedirectUri } from "./redirect-back";
import { parseScopeParameter, splitScopes } from "./scopes";
import type { EmulatorState } from "./state";

/**
 * `/{tenant}/oauth2/v2.0/authorize` and the account picker behind it. The order of checks is Entra's: until the
 * client and its redirect URI are known to match, failures are shown on an error page and never redirected (an
 * attacker's redirect URI must not receive anything); after that, failures go back to the client as
 * `error` + `error_description` + `state`.
 */

type ResponseMode = AuthorizeRequest["responseMode"];
const RESPONSE_MODES: readonly ResponseMode[] = ["query", "fragment", "form_post"];

type TrustedClient = { authority: Authority; client: RegisteredApp; redirectUri: string; responseMode: ResponseMode };

export function handleAuthorize(request: EmulatorRequest, state: EmulatorState, tenantSegment: string): EmulatorResponse {
  const params = request.method === "POST" ? form(request) : request.url.searchParams;
  let trusted: TrustedClient;
  try {
    trusted = identifyClient(params, tenantSegment, state.directory);
  } catch (e) {
    if (e instanceof EntraError) return htmlResponse(400, errorPage(e, request.trace));
    throw e;
  }

  const clientState = params.get("state") ?? undefined;
  let authorizeRequest: AuthorizeRequest;
  try {
    authorizeRequest = readAuthorizeRequest(params, tenantSegment, trusted);
    // The emulator keeps no browser session, so a silent request can never succeed.
    if (params.get("prompt") === "none") throw aadsts.loginRequired();
  } catch (e) {
    if (e instanceof EntraError) return errorToClient(trusted.redirectUri, trusted.responseMode, e, request.trace, clientState);
    throw e;
  }

  const handle = state.grants.beginSignIn(authorizeRequest, state.clock.now().getTime());
  const accounts = pickableAccounts(trusted.authority, trusted.client, state.directory, authorizeRequest.loginHint);
  // The picker posts back to the origin it was served from (the https one, or the browser-facing http one).
  const loginAction = `${request.url.origin}/${encodeURIComponent(tenantSegment)}/login`;
  return htmlResponse(200, accountPickerPage(loginAction, handle, accounts, authorizeRequest.loginHint));
}

/** `POST /{tenant}/login`: the person chose an account on the picker page. */
export function handleAccountChosen(request: EmulatorRequest, state: EmulatorState): EmulatorResponse {
  const body = form(request);
  const now = state.clock.now().getTime();
  const pending = state.grants.takeSignIn(body.get("handle") ?? "", now);
  if (!pending) return htmlResponse(400, expiredSignInPage(request.trace));

  let authority: Authority;
  let client: RegisteredApp;
  try {
    // The directory may have changed while the picker was open; decide on what it holds now.
    authority = resolveAuthority(pending.authoritySegment, state.directory, "invalid_tenant");
    client = clientAppFor(authority, pending.clientId, state.directory);
  } catch (e) {
    if (e instanceof EntraError) return htmlResponse(400, errorPage(e, request.trace));
    throw e;
  }

  const [tenantId = "", oid = ""] = (body.get("account") ?? "").split(":");
  const chosen = pickableAccounts(authority, client, state.directory, undefined).find((a) => a.tenant.id === tenantId && a.user.oid === oid);
  if (!chosen) return htmlResponse(400, expiredSignInPage(request.trace));

  if (client.app.assignmentRequired && (client.app.roleAssignments?.[oid]?.length ?? 0) === 0) {
    const denied = aadsts.userNotAssigned(client.app.displayName, client.app.clientId);
    return errorToClient(pending.redirectUri, pending.responseMode, denied, request.trace, pending.state);
  }

  const sid = newGuid();
  const code = state.grants.issueCode({ request: pending, tenantId: chosen.tenant.id, oid, sid }, now);
  const params: [string, string][] = [["code", code]];
  // Hostile mode `wrong_state` answers with a state the client never sent (whether it sent one or not).
  const returnedState = state.hostile.is(pending.clientId, "wrong_state") ? opaqueValue(16) : pending.state;
  if (returnedState !== undefined) params.push(["state", returnedState]);
  params.push(["session_state", sid]);
  // Entra sends no RFC 9207 `iss` (nor advertises it); hostile mode `mixup_iss` adds one naming another issuer.
  if (state.hostile.is(pending.clientId, "mixup_iss")) params.push(["iss", v2Issuer(state.origin, HOSTILE_OTHER_TENANT_ID)]);
  return respondToRedirectUri(pending.redirectUri, pending.responseMode, params);
}

function identifyClient(params: URLSearchParams, tenantSegment: string, directory: Directory): TrustedClient {
  const authority = resolveAuthority(tenantSegment, directory, "invalid_tenant");
  const clientId = params.get("client_id");
  if (!clientId) throw aadsts.missingParameter("client_id");
  const client = clientAppFor(authority, clientId, directory);
  const redirectUri = params.get("redirect_uri");
  if (!redirectUri) throw aadsts.missingParameter("redirect_uri");
  // Exact string comparison, as Entra does: no normalisation of case, trailing slashes or ports.
  if (!client.app.redirectUris.includes(redirectUri)) throw aadsts.redirectUriMismatch(redirectUri, clientId);
  const mode = params.get("response_mode") ?? "query";
  const responseMode = RESPONSE_MODES.find((m) => m === mode);
  if (!responseMode) throw aadsts.invalidResponseMode(mode);
  return { authority, client, redirectUri, responseMode };
}

function readAuthorizeRequest(params: URLSearchParams, tenantSegment: string, trusted: TrustedClient): AuthorizeRequest {
  const responseType = params.get("response_type") ?? "";
  if (responseType !== "code") throw aadsts.unsupportedResponseType(responseType);
  const scopeParameter = params.get("scope");
  if (!scopeParameter) throw aadsts.missingParameter("scope");
  const scopes = parseScopeParameter(scopeParameter);
  splitScopes(scopes);

  const codeChallenge = params.get("code_challenge");
  if (!codeChallenge) throw aadsts.pkceRequired();
  const method = params.get("code_challenge_method") ?? "plain";
  if (method !== "S256" && method !== "plain") throw aadsts.invalidCodeChallengeMethod();
  if (!isValidChallengeLength(codeChallenge)) throw aadsts.invalidCodeChallengeSize();

  return {
    authoritySegment: tenantSegment,
    clientId: trusted.client.app.clientId,
    redirectUri: trusted.redirectUri,
    responseMode: trusted.responseMode,
    scopes,
    state: params.get("state") ?? undefined,
    nonce: params.get("nonce") ?? undefined,
    codeChallenge,
    codeChallengeMethod: method,
    loginHint: params.get("login_hint") || undefined,
  };
}

/**
 * The accounts the picker offers: the authority's users who may use this app. A `login_hint` that names someone
 * (by username or e-mail) narrows the list to them; a hint that names nobody is ignored, as Entra lets the person
 * type another account.
 */
function pickableAccounts(authority: Authority, client: RegisteredApp, directory: Directory, hint: string | undefined): DirectoryUser[] {
  const accounts = usersOf(authority, directory).filter((a) => Directory.usableIn(client, a.tenant.id));
  if (!hint) return accounts;
  const wanted = hint.toLowerCase();
  const hinted = accounts.filter((a) => a.user.preferredUsername.toLowerCase() === wanted || a.user.email?.toLowerCase() === wanted);
  return hinted.length > 0 ? hinted : accounts;
}

function errorToClient(
  redirectUri: string,
  responseMode: ResponseMode,
  error: EntraError,
  trace: TraceContext,
  clientState: string | undefined,
): EmulatorResponse {
  const params: [string, string][] = [
    ["error", error.error],
    ["error_description", entraErrorDescription(error, trace)],
    ["error_uri", entraErrorUri(error.code)],
  ];
  if (clientState !== undefined) params.push(["state", clientState]);
  return respondToRedirectUri(redirectUri, responseMode, params);
}
