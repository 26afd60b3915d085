import * as oauth from "oauth4webapi";
import { decodeJwt } from "jose";
import { parseEntraError } from "@/lib/entra/entra-error";
import { IdpUnreachableError } from "@/lib/oidc/idp-outage";
import type { SignInFlow } from "./flow-cookie";
import type { IdpFetch, IssuerView } from "./issuer-view";
import type { SignInProvider } from "./provider";
import type { SignInRefusal } from "./refusal";
import { verifyIdTokenSignature } from "./verify-id-token-signature";

/**
 * The callback half of a code-flow sign-in, up to verified ID-token claims; nothing is written here.
 *  1. an error the IdP sent instead of a code is reported as such;
 *  2. the authorization response must carry our `state`, and an `iss` parameter, when present, must name this
 *     issuer (RFC 9207 mix-up defence);
 *  3. the code is redeemed at the token endpoint with the PKCE verifier (the answer is read up to 128 KiB);
 *  4. oauth4webapi checks the ID token's `iss` (Entra `/common`: the `{tenantid}` template filled with the
 *     token's own `tid`), `aud`, `azp`, `exp`, `nonce` and presence; we add `iat` not in the future;
 *  5. jose checks the signature against the issuer's keys.
 */
export type VerifiedSignIn = {
  claims: Record<string, unknown>;
  /** The access token of the same answer, for the issuer's UserInfo endpoint (never stored). */
  accessToken: string | null;
};

const MAX_TOKEN_RESPONSE_BYTES = 128 * 1024;
/** Seconds of clock difference tolerated between Gatehouse and the IdP (exp, nbf, iat). */
export const CLOCK_TOLERANCE_SECONDS = 300;

export async function completeCodeFlow(
  provider: SignInProvider,
  view: IssuerView,
  input: { params: URLSearchParams; flow: SignInFlow; now: Date; fetch: IdpFetch },
): Promise<{ ok: true; verified: VerifiedSignIn } | { ok: false; refusal: SignInRefusal }> {
  const entra = parseEntraError(input.params);
  if (entra) return { ok: false, refusal: { reason: "entra_error", entra } };

  const client: oauth.Client = {
    client_id: provider.clientId,
    [oauth.clockSkew]: Math.round((input.now.getTime() - Date.now()) / 1000),
    [oauth.clockTolerance]: CLOCK_TOLERANCE_SECONDS,
  };
  let callbackParams: URLSearchParams;
  try {
    callbackParams = oauth.validateAuthResponse(view.server, client, input.params, input.flow.state);
  } catch (error) {
    return { ok: false, refusal: { reason: "answer_unverified", check: authResponseCheck(error) } };
  }
  if (!callbackParams.get("code")) return { ok: false, refusal: { reason: "answer_unverified", check: "code_missing" } };

  let body: string;
  let status: number;
  let headers: Headers;
  try {
    const response = await oauth.authorizationCodeGrantRequest(view.server, client, oauth.ClientSecretPost(provider.clientSecret), callbackParams, provider.redirectUri, input.flow.codeVerifier, {
      [oauth.customFetch]: (url: string, init: RequestInit) => input.fetch(url, init),
    });
    status = response.status;
    headers = response.headers;
    if (status >= 500) return { ok: false, refusal: { reason: "idp_unreachable", idp: new URL(view.server.token_endpoint!).origin } };
    body = await readBounded(response, MAX_TOKEN_RESPONSE_BYTES);
  } catch (error) {
    if (error instanceof IdpUnreachableError) return { ok: false, refusal: { reason: "idp_unreachable", idp: error.origin } };
    if (error instanceof ResponseTooLarge) return { ok: false, refusal: { reason: "answer_unverified", check: "token_response_too_large" } };
    throw error;
  }

  const server = provider.issuerRule === "entra-tid" ? withTokenTenant(view.server, body) : view.server;
  let idToken: string;
  let claims: Record<string, unknown>;
  let accessToken: string | null;
  try {
    const result = await oauth.processAuthorizationCodeResponse(server, client, new Response(body, { status, headers }), {
      expectedNonce: input.flow.nonce,
      requireIdToken: true,
    });
    idToken = result.id_token!;
    accessToken = typeof result.access_token === "string" && result.access_token ? result.access_token : null;
    claims = oauth.getValidatedIdTokenClaims(result)! as Record<string, unknown>;
  } catch (error) {
    if (error instanceof oauth.ResponseBodyError) {
      const entraCode = /^(AADSTS\d+)/.exec(error.error_description ?? "")?.[1] ?? null;
      return { ok: false, refusal: { reason: "token_error", error: error.error.slice(0, 100), code: entraCode } };
    }
    return { ok: false, refusal: { reason: "answer_unverified", check: tokenResponseCheck(error) } };
  }
  if (issuedInTheFuture(claims, input.now))
    return { ok: false, refusal: { reason: "answer_unverified", check: "iat_in_future" } };

  const signature = await verifyIdTokenSignature(idToken, view, claims);
  if (!signature.ok) return { ok: false, refusal: { reason: "answer_unverified", check: signature.problem } };
  return { ok: true, verified: { claims, accessToken } };
}

/**
 * Entra's multi-tenant issuer rule: the discovery document's issuer is `…/{tenantid}/v2.0`, and a token is valid
 * only with `{tenantid}` replaced by its own `tid`. The `tid` is read from the (not yet verified) token only to
 * build the expected issuer; the token is then checked against it, and its signature against the keys.
 */
function withTokenTenant(server: oauth.AuthorizationServer, body: string): oauth.AuthorizationServer {
  let tid: unknown;
  try {
    const token = (JSON.parse(body) as { id_token?: unknown }).id_token;
    tid = typeof token === "string" ? decodeJwt(token).tid : undefined;
  } catch {
    tid = undefined;
  }
  if (typeof tid !== "string" || !/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(tid)) return server;
  return { ...server, issuer: server.issuer.replace("{tenantid}", tid) };
}

/**
 * oauth4webapi checks `exp` and `nbf` but only the type of `iat`: a token issued later than now (beyond the clock
 * tolerance) comes from an IdP whose clock, or whose token, cannot be trusted.
 */
export function issuedInTheFuture(claims: { iat?: unknown }, now: Date): boolean {
  return typeof claims.iat === "number" && claims.iat > Math.floor(now.getTime() / 1000) + CLOCK_TOLERANCE_SECONDS;
}

class ResponseTooLarge extends Error {}

async function readBounded(response: Response, limit: number): Promise<string> {
  const declared = Number(response.headers.get("content-length"));
  if (declared > limit) {
    await response.body?.cancel();
    throw new ResponseTooLarge();
  }
  if (!response.body) return "";
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel();
      throw new ResponseTooLarge();
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString("utf8");
}

function authResponseCheck(error: unknown): string {
  const message = error instanceof Error ? error.message : "";
  if (/state/i.test(message)) return "state";
  if (/iss/i.test(message)) return "iss_parameter";
  return "authorization_response";
}

function tokenResponseCheck(error: unknown): string {
  if (!(error instanceof oauth.OperationProcessingError || error instanceof oauth.UnsupportedOperationError)) return "token_response";
  const claim = (error.cause as { claim?: unknown } | undefined)?.claim;
  if (typeof claim === "string") return claim;
  if (/"id_token"/.test(error.message)) return "id_token_missing";
  // oauth4webapi refuses `alg: none` and symmetric algorithms before any key is looked at.
  if (/"alg"|JWS algorithm/.test(error.message)) return "alg_not_allowed";
  const named = /"(\w+)"/.exec(error.message)?.[1];
  return named ?? error.code ?? "token_response";
}
