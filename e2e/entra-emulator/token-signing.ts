import { SignJWT, type JWTPayload } from "jose";
import type { SigningKey } from "./signing-keys";

/**
 * Signs a token with the active key. Header order as Entra writes it; v1 tokens carry `x5t` besides `kid`
 * (Entra's older habit), v2 tokens `kid` only.
 */
export async function signToken(claims: Record<string, unknown>, key: SigningKey, version: 1 | 2): Promise<string> {
  const header = version === 1 ? { typ: "JWT", alg: "RS256", x5t: key.kid, kid: key.kid } : { typ: "JWT", alg: "RS256", kid: key.kid };
  return new SignJWT(claims as JWTPayload).setProtectedHeader(header).sign(key.privateKey);
}
