import { createLocalJWKSet, jwtVerify, type JWTPayload } from "jose";
import { jsonResponse, type EmulatorRequest, type EmulatorResponse } from "./http";
import type { EmulatorState } from "./state";
import { MICROSOFT_GRAPH_APP_ID } from "./well-known-ids";

/**
 * Microsoft Graph's `POST /v1.0/users/{id}/getMemberObjects`, served by the emulator's own HTTPS origin (so
 * MS_GRAPH_HOST is the emulator's URL). It takes an app-only Graph access token the emulator issued (client
 * credentials with `scope=https://graph.microsoft.com/.default`: signature, `aud` Graph, not expired, `idtyp: app`)
 * for the user's own directory, and answers the user's group ids in pages of `GRAPH_PAGE_SIZE` linked by
 * `@odata.nextLink` (POST the same body to it). The Graph mode (graph-mode.ts) throttles or fails it.
 */
export const GRAPH_PAGE_SIZE = 100;

export async function handleGetMemberObjects(request: EmulatorRequest, state: EmulatorState, userId: string): Promise<EmulatorResponse> {
  if (request.method !== "POST") return graphError(405, "Request_BadRequest", "Specified HTTP method is not allowed for the request target.");
  const failure = state.graph.nextFailure();
  if (failure?.status === 429)
    return graphError(429, "TooManyRequests", "Too many requests.", { "Retry-After": String(failure.retryAfterSeconds) });
  if (failure) return graphError(503, "serviceNotAvailable", "The service is temporarily unavailable.");

  const token = /^Bearer\s+(\S+)$/i.exec(request.headers.authorization ?? "")?.[1];
  if (!token) return graphError(401, "InvalidAuthenticationToken", "Access token is empty.");
  let claims: JWTPayload;
  try {
    const keys = createLocalJWKSet({ keys: state.signingKeys.published().map((k) => ({ kty: "RSA", kid: k.kid, n: k.modulus, e: k.exponent, use: "sig" })) });
    claims = (await jwtVerify(token, keys, { audience: MICROSOFT_GRAPH_APP_ID, currentDate: state.clock.now() })).payload;
  } catch {
    return graphError(401, "InvalidAuthenticationToken", "Access token validation failure. Invalid audience.");
  }
  if (claims.idtyp !== "app") return graphError(403, "Authorization_RequestDenied", "Insufficient privileges to complete the operation.");
  const found = state.directory.user(String(claims.tid), userId);
  if (!found) return graphError(404, "Request_ResourceNotFound", `Resource '${userId}' does not exist or one of its queried reference-property objects are not present.`);

  const groups = found.user.groups ?? [];
  const skip = Number(request.url.searchParams.get("$skiptoken") ?? "0");
  if (!Number.isInteger(skip) || skip < 0 || skip > groups.length) return graphError(400, "Request_BadRequest", "Invalid $skiptoken.");
  const page = groups.slice(skip, skip + GRAPH_PAGE_SIZE);
  const next = skip + GRAPH_PAGE_SIZE < groups.length ? `${state.origin}/v1.0/users/${encodeURIComponent(userId)}/getMemberObjects?$skiptoken=${skip + GRAPH_PAGE_SIZE}` : undefined;
  return jsonResponse(200, {
    "@odata.context": `${state.origin}/v1.0/$metadata#Collection(Edm.String)`,
    ...(next ? { "@odata.nextLink": next } : {}),
    value: page,
  });
}

function graphError(status: number, code: string, message: string, headers: Record<string, string> = {}): EmulatorResponse {
  return jsonResponse(status, { error: { code, message, innerError: { date: new Date().toISOString().slice(0, 19), "request-id": crypto.randomUUID() } } }, headers);
}
