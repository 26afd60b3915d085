import { createHash, timingSafeEqual } from "node:crypto";

/** PKCE (RFC 7636). Entra takes `S256` and `plain`; `plain` is what an absent method means. */
export type CodeChallengeMethod = "S256" | "plain";

export function verifyCodeVerifier(verifier: string, challenge: string, method: CodeChallengeMethod): boolean {
  const derived = method === "S256" ? createHash("sha256").update(verifier, "ascii").digest("base64url") : verifier;
  const a = Buffer.from(derived);
  const b = Buffer.from(challenge);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** RFC 7636: 43 to 128 characters; Entra answers AADSTS501491 outside that. */
export function isValidChallengeLength(challenge: string): boolean {
  return challenge.length >= 43 && challenge.length <= 128;
}
