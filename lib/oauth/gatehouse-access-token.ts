import { publishedAuthorizationServer } from "./published-authorization-server";
import type { AccessTokenVerification } from "./verify-access-token";

/**
 * The seam for resource servers in this process (the `/mcp` gateway's verifier for Gatehouse tokens): verifies an
 * access token against the running authorization server's in-memory key ring. Code that holds the RouteContext can
 * call `context.authorizationServer.verifyAccessToken` directly; this is the same function.
 */
export async function verifyGatehouseAccessToken(token: string, options: { resource: string }): Promise<AccessTokenVerification> {
  const server = publishedAuthorizationServer();
  if (!server) return { ok: false, code: "token_issuer_unavailable" };
  return server.verifyAccessToken(token, options);
}
