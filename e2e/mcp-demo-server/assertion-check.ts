import { createRemoteJWKSet, jwtVerify, type JWTPayload } from "jose";
import { ASSERTION_KEYS_PATH, ASSERTION_TYPE } from "@/lib/mcp/identity-assertion";

/**
 * How an upstream MCP server checks the identity Gatehouse asserts (the README's "MCP gateway" recipe, in code):
 * the bearer is a JWT signed ES256 with a key from Gatehouse's published key set (fetched once, refetched on an
 * unknown `kid`), of type `gatehouse-identity+jwt`, issued by Gatehouse's public URL, for this server's own URL,
 * and not expired.
 */
export type AssertionCheck = (authorization: string | undefined) => Promise<{ ok: true; claims: JWTPayload; token: string } | { ok: false; problem: string }>;

export function assertionCheck(gatehouseUrl: () => string, ownUrl: () => string): AssertionCheck {
  let keys: ReturnType<typeof createRemoteJWKSet> | undefined;
  return async (authorization) => {
    const token = /^Bearer (\S+)$/.exec(authorization ?? "")?.[1];
    if (!token) return { ok: false, problem: "no identity assertion" };
    keys ??= createRemoteJWKSet(new URL(ASSERTION_KEYS_PATH, gatehouseUrl()));
    try {
      const { payload } = await jwtVerify(token, keys, { algorithms: ["ES256"], typ: ASSERTION_TYPE, issuer: gatehouseUrl(), audience: ownUrl() });
      return { ok: true, claims: payload, token };
    } catch (error) {
      return { ok: false, problem: error instanceof Error ? error.message : String(error) };
    }
  };
}
