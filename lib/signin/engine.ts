import * as oauth from "oauth4webapi";
import type { Database } from "@/db/client";
import { parseEntraError } from "@/lib/entra/entra-error";
import { IdpUnreachableError } from "@/lib/oidc/idp-outage";
import type { Clock } from "@/lib/time/clock";
import { recordAttempt } from "./attempts";
import { authorizationUrl } from "./authorization-url";
import { completeCodeFlow } from "./complete-code-flow";
import { openFlow, type FlowKey, type SignInFlow } from "./flow-cookie";
import { IssuerConfigurationError, type IdpFetch, type IssuerView, type IssuerViews } from "./issuer-view";
import type { SignInProvider } from "./provider";
import type { SignInRefusal } from "./refusal";

/**
 * The sign-in engine: the two legs of an OpenID Connect code flow for any provider, framework-free. Routes hand it
 * plain values (the provider, the callback's parameters, the flow cookie) and get plain values back; what an
 * accepted identity may do (workspace, role, policy) and the transaction that writes it stay with the caller.
 */
export type SignInEngine = { db: Database; views: IssuerViews; fetch: IdpFetch; clock: Clock; key: FlowKey };

export async function startSignIn(
  engine: SignInEngine,
  provider: SignInProvider,
  options: { returnTo: string; loginHint?: string },
): Promise<{ ok: true; location: string; flowCookie: string } | { ok: false; refusal: SignInRefusal }> {
  const view = await issuerView(engine, provider);
  if (!view.ok) return view;
  const now = engine.clock.now();
  const { url, flow, flowCookie } = await authorizationUrl(provider, view.view, { key: engine.key, now, ...options });
  await recordAttempt(engine.db, { id: flow.attemptId, providerId: provider.id, now });
  return { ok: true, location: url.toString(), flowCookie };
}

export async function verifyCallback(
  engine: SignInEngine,
  provider: SignInProvider,
  input: { params: URLSearchParams; flowCookie: string | undefined },
): Promise<{ ok: true; claims: Record<string, unknown>; accessToken: string | null; flow: SignInFlow } | { ok: false; refusal: SignInRefusal; flow?: SignInFlow }> {
  const now = engine.clock.now();
  // An error from the IdP is shown even when the flow is gone: Entra's meaning, code and ids help support.
  const entra = parseEntraError(input.params);
  if (entra) return { ok: false, refusal: { reason: "entra_error", entra } };
  const flow = await openFlow(input.flowCookie, engine.key, provider.id, now);
  if (!flow) return { ok: false, refusal: { reason: "flow_missing" } };
  const view = await issuerView(engine, provider);
  if (!view.ok) return { ...view, flow };
  const completed = await completeCodeFlow(provider, view.view, { params: input.params, flow, now, fetch: engine.fetch });
  return completed.ok ? { ok: true, claims: completed.verified.claims, accessToken: completed.verified.accessToken, flow } : { ok: false, refusal: completed.refusal, flow };
}

const MAX_USERINFO_BYTES = 64 * 1024;

/**
 * The UserInfo step, for an issuer that keeps claims (such as `email`) out of the ID token: the access token of the
 * verified answer is presented to the same issuer's `userinfo_endpoint` (from its discovery document), and the
 * answer's `sub` must equal the ID token's (OpenID Connect Core §5.3.2), or nothing of it is used. An issuer
 * without a UserInfo endpoint answers no claims.
 */
export async function fetchUserInfo(
  engine: SignInEngine,
  provider: SignInProvider,
  input: { accessToken: string; subject: string },
): Promise<{ ok: true; claims: Record<string, unknown> } | { ok: false; refusal: SignInRefusal }> {
  const view = await issuerView(engine, provider);
  if (!view.ok) return view;
  const server = view.view.server;
  if (!server.userinfo_endpoint) return { ok: true, claims: {} };
  const client: oauth.Client = { client_id: provider.clientId };
  let response: Response;
  try {
    response = await oauth.userInfoRequest(server, client, input.accessToken, { [oauth.customFetch]: (url: string, init: RequestInit) => engine.fetch(url, init) });
  } catch (error) {
    if (error instanceof IdpUnreachableError) return { ok: false, refusal: { reason: "idp_unreachable", idp: error.origin } };
    throw error;
  }
  if (response.status >= 500) return { ok: false, refusal: { reason: "idp_unreachable", idp: new URL(server.userinfo_endpoint).origin } };
  if (Number(response.headers.get("content-length")) > MAX_USERINFO_BYTES) return { ok: false, refusal: { reason: "answer_unverified", check: "userinfo_too_large" } };
  try {
    const claims = await oauth.processUserInfoResponse(server, client, input.subject, response);
    return { ok: true, claims: claims as Record<string, unknown> };
  } catch (error) {
    const subject = error instanceof oauth.OperationProcessingError && /"sub"/.test(error.message);
    return { ok: false, refusal: { reason: "answer_unverified", check: subject ? "userinfo_sub" : "userinfo" } };
  }
}

async function issuerView(engine: SignInEngine, provider: SignInProvider): Promise<{ ok: true; view: IssuerView } | { ok: false; refusal: SignInRefusal }> {
  try {
    return { ok: true, view: await engine.views.view(provider.discoveryIssuer) };
  } catch (error) {
    if (error instanceof IdpUnreachableError) return { ok: false, refusal: { reason: "idp_unreachable", idp: error.origin } };
    if (error instanceof IssuerConfigurationError) return { ok: false, refusal: { reason: "configuration", detail: error.message } };
    throw error;
  }
}
