import { compactVerify, decodeJwt, decodeProtectedHeader, type JWTPayload } from "jose";
import * as aadsts from "./aadsts";
import type { Authority } from "./authority";
import { accessTokenVersion, tokenTimes, userAccessTokenClaims } from "./claims";
import type { RegisteredApp } from "./directory";
import { v2Issuer } from "./authority";
import { parseScopeParameter, resolveResource, splitScopes, type Resource } from "./scopes";
import type { EmulatorState } from "./state";
import { signToken } from "./token-signing";

/**
 * The On-Behalf-Of grant (research §4): `grant_type=urn:ietf:params:oauth:grant-type:jwt-bearer`,
 * `requested_token_use=on_behalf_of`, the incoming user access token as `assertion`, at a tenant's token endpoint,
 * by a confidential middle tier. Refusals as Entra words them:
 *  - AADSTS50013: the assertion is not a valid access token of this directory for the calling app (signature,
 *    issuer, expiry, or `aud` not the middle tier's client id — tokens for other audiences cannot be redeemed);
 *  - AADSTS7000114: an app-only assertion (OBO is for user principals);
 *  - AADSTS70011: the scope is missing or names no single API;
 *  - AADSTS65001 (`consent_required`): the middle tier is neither an authorized client application of the
 *    downstream API for these scopes nor granted them with admin consent.
 * The result carries the downstream API's delegated `scp` only, for the same person, with `azp` the middle tier.
 */
export const OBO_GRANT_TYPE = "urn:ietf:params:oauth:grant-type:jwt-bearer";

export async function onBehalfOfGrant(body: URLSearchParams, authority: Authority, client: RegisteredApp, clientAuthentication: "0" | "1", state: EmulatorState) {
  if (authority.kind !== "tenant") throw aadsts.noTenantInRequest();
  if (clientAuthentication === "0") throw aadsts.clientSecretMissing();
  if (body.get("requested_token_use") !== "on_behalf_of") throw aadsts.missingParameter("requested_token_use");
  const assertion = body.get("assertion");
  if (!assertion) throw aadsts.missingParameter("assertion");
  const claims = await verifiedAssertion(assertion, state);
  if (claims.iss !== v2Issuer(state.origin, authority.tenant.id) && claims.iss !== `https://sts.windows.net/${authority.tenant.id}/`)
    throw aadsts.oboAssertionInvalid("The token was issued by another tenant or issuer.");
  if (claims.aud !== client.app.clientId && claims.aud !== `api://${client.app.clientId}`)
    throw aadsts.oboAssertionInvalid("The assertion audience does not match the client app presenting the assertion.");
  if (typeof claims.exp !== "number" || claims.exp <= state.clock.nowSeconds()) throw aadsts.oboAssertionInvalid("The token is expired.");
  if (claims.idtyp === "app" || typeof claims.scp !== "string") throw aadsts.oboUserOnly();

  const scopeParameter = body.get("scope") ?? "";
  let resource: Resource;
  let requested: string[];
  try {
    const split = splitScopes(parseScopeParameter(scopeParameter));
    if (!split.resource) throw aadsts.oboInvalidScope(scopeParameter);
    resource = resolveResource(split.resource.identifier, authority.tenant, state.directory);
    requested = split.resource.permissions;
  } catch {
    throw aadsts.oboInvalidScope(scopeParameter);
  }
  if (resource.kind !== "app") throw aadsts.oboInvalidScope(scopeParameter);
  const permissions = consentedPermissions(resource, client, requested);
  if (!permissions) throw aadsts.oboConsentRequired(client.app.clientId, resource.registration.app.clientId);

  const signedIn = state.directory.user(authority.tenant.id, String(claims.oid));
  if (!signedIn) throw aadsts.userGone();
  const times = tokenTimes(state.clock.nowSeconds());
  const accessClaims = userAccessTokenClaims({ origin: state.origin, signedIn, client, resource, permissions, sid: String(claims.sid ?? ""), times, clientAuthentication });
  return {
    token_type: "Bearer",
    scope: permissions.map((p) => `${resource.requestedAs}/${p}`).join(" "),
    expires_in: 3599,
    ext_expires_in: 3599,
    access_token: await signToken(accessClaims, state.signingKeys.active(), accessTokenVersion(resource)),
  };
}

async function verifiedAssertion(assertion: string, state: EmulatorState): Promise<JWTPayload> {
  let kid: unknown;
  try {
    kid = decodeProtectedHeader(assertion).kid;
  } catch {
    throw aadsts.oboAssertionInvalid("The assertion is not a JWT.");
  }
  const key = state.signingKeys.published().find((k) => k.kid === kid);
  if (!key) throw aadsts.oboAssertionInvalid("The key was not found.");
  try {
    await compactVerify(assertion, key.publicKey, { algorithms: ["RS256"] });
  } catch {
    throw aadsts.oboAssertionInvalid("The signature does not verify.");
  }
  return decodeJwt(assertion);
}

/**
 * The scopes the middle tier may get for the downstream API: `.default` means everything pre-authorized or granted;
 * named scopes must each be. Undefined when nothing is consented (65001).
 */
function consentedPermissions(resource: Extract<Resource, { kind: "app" }>, middleTier: RegisteredApp, requested: string[]): string[] | undefined {
  const api = resource.registration.app;
  const allowed = new Set([
    ...(api.authorizedClientApplications ?? []).filter((a) => a.clientId === middleTier.app.clientId).flatMap((a) => a.scopes),
    ...(middleTier.app.grantedPermissions ?? []).filter((g) => g.resource === api.clientId).flatMap((g) => g.scopes),
  ]);
  const permissions = requested.includes(".default") ? [...allowed] : requested;
  if (permissions.length === 0 || permissions.some((p) => !allowed.has(p))) return undefined;
  return permissions;
}
