import * as oauth from "oauth4webapi";
import { newAttemptId, sealFlow, type FlowKey, type SignInFlow } from "./flow-cookie";
import type { IssuerView } from "./issuer-view";
import type { SignInProvider } from "./provider";

/**
 * Builds the authorization request of a new sign-in (code flow, PKCE S256, state, nonce) and the sealed flow
 * cookie that carries its secrets to the callback. Nothing is written here: the caller records the attempt.
 */
export async function authorizationUrl(
  provider: SignInProvider,
  view: Pick<IssuerView, "server">,
  options: { key: FlowKey; now: Date; returnTo: string; loginHint?: string },
): Promise<{ url: URL; flow: SignInFlow; flowCookie: string }> {
  const flow: SignInFlow = {
    attemptId: newAttemptId(),
    providerId: provider.id,
    state: oauth.generateRandomState(),
    nonce: oauth.generateRandomNonce(),
    codeVerifier: oauth.generateRandomCodeVerifier(),
    returnTo: options.returnTo,
  };
  const url = new URL(view.server.authorization_endpoint!);
  url.search = new URLSearchParams({
    client_id: provider.clientId,
    redirect_uri: provider.redirectUri,
    response_type: "code",
    scope: provider.scope,
    state: flow.state,
    nonce: flow.nonce,
    code_challenge: await oauth.calculatePKCECodeChallenge(flow.codeVerifier),
    code_challenge_method: "S256",
    ...provider.authorizationParams,
    ...(options.loginHint ? { login_hint: options.loginHint } : {}),
  }).toString();
  return { url, flow, flowCookie: await sealFlow(flow, options.key, options.now) };
}
