import { createLocalJWKSet, jwtVerify } from "jose";
import { jsonResponse, type EmulatorRequest, type EmulatorResponse } from "./http";
import { pairwiseSubject } from "./pairwise";
import type { EmulatorState } from "./state";
import { MICROSOFT_GRAPH_APP_ID } from "./well-known-ids";

/**
 * The OIDC userinfo endpoint, which Entra serves from Microsoft Graph (`/oidc/userinfo`) and accepts Graph access
 * tokens at. `sub` is the same pairwise value as in the client's ID token, as OpenID Connect requires.
 */
export async function handleUserinfo(request: EmulatorRequest, state: EmulatorState): Promise<EmulatorResponse> {
  const token = /^Bearer\s+(\S+)$/i.exec(request.headers.authorization ?? "")?.[1];
  if (!token) return unauthorized('Bearer realm="", error="invalid_request"');
  const keys = createLocalJWKSet({
    keys: state.signingKeys.published().map((k) => ({ kty: "RSA", kid: k.kid, n: k.modulus, e: k.exponent, use: "sig" })),
  });
  try {
    const { payload } = await jwtVerify(token, keys, { audience: MICROSOFT_GRAPH_APP_ID, currentDate: state.clock.now() });
    const found = state.directory.user(String(payload.tid), String(payload.oid));
    if (!found) return unauthorized('Bearer error="invalid_token"');
    const { tenant, user } = found;
    return jsonResponse(200, {
      sub: pairwiseSubject(tenant.id, user.oid, String(payload.appid)),
      name: user.name,
      ...(user.email ? { email: user.email } : {}),
    });
  } catch {
    return unauthorized('Bearer error="invalid_token"');
  }
}

function unauthorized(challenge: string): EmulatorResponse {
  return { status: 401, headers: { "WWW-Authenticate": challenge, "Content-Type": "application/json; charset=utf-8" }, body: "" };
}
