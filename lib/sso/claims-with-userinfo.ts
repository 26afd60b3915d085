/**
 * The claims a generic OIDC sign-in is decided on: the verified ID token's, completed from the same issuer's
 * UserInfo answer (whose `sub` the engine has matched) for claims the ID token lacks. UserInfo never overrides the
 * ID token, and never supplies the claims that say who issued what to whom.
 */
const ID_TOKEN_ONLY = new Set(["iss", "sub", "aud", "azp", "exp", "iat", "nbf", "nonce", "auth_time", "acr", "amr", "at_hash", "c_hash", "sid", "tid", "oid", "jti"]);

export function claimsWithUserInfo(idToken: Record<string, unknown>, userInfo: Record<string, unknown>): Record<string, unknown> {
  const merged = { ...idToken };
  for (const [name, value] of Object.entries(userInfo)) if (!ID_TOKEN_ONLY.has(name) && merged[name] === undefined) merged[name] = value;
  return merged;
}

/** Whether the ID token lacks a claim the decision reads, so UserInfo is worth asking. */
export function needsUserInfo(idToken: Record<string, unknown>, roleClaim: string): boolean {
  return idToken.email === undefined || idToken[roleClaim] === undefined || idToken.name === undefined;
}
