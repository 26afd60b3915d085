import { compactVerify, decodeProtectedHeader, errors } from "jose";
import type { IssuerView } from "./issuer-view";

/**
 * The ID token's signature, checked with jose against the issuer's published keys. OpenID Connect would let a
 * client that got the token straight from the token endpoint over TLS skip this; Gatehouse does not, so a token
 * endpoint that is spoofed, proxied or simply buggy cannot sign anyone in.
 *  - the algorithm must be one the issuer advertises, never `none` and never a symmetric HS* (which would let the
 *    public key act as an HMAC secret);
 *  - the key is the one the header's `kid` names; an unknown `kid` refetches the keys (rotation), at most once per
 *    cooldown; a header without `kid` is accepted only when the issuer publishes exactly one key;
 *  - an Entra key that names its `issuer` (`{tenantid}` filled with the token's `tid`) signs only for that issuer.
 */
export type SignatureProblem = "alg_not_allowed" | "kid_unknown" | "kid_missing" | "no_usable_key" | "signature_invalid" | "key_issuer_mismatch" | "malformed";

export async function verifyIdTokenSignature(
  idToken: string,
  view: Pick<IssuerView, "algorithms" | "keys">,
  claims: { iss?: unknown; tid?: unknown },
): Promise<{ ok: true } | { ok: false; problem: SignatureProblem }> {
  let header: ReturnType<typeof decodeProtectedHeader>;
  try {
    header = decodeProtectedHeader(idToken);
  } catch {
    return { ok: false, problem: "malformed" };
  }
  if (typeof header.alg !== "string" || !view.algorithms.includes(header.alg)) return { ok: false, problem: "alg_not_allowed" };
  const selection = await view.keys.select(typeof header.kid === "string" ? header.kid : undefined);
  if (!selection.ok) return { ok: false, problem: selection.problem };
  // Entra publishes, per key, the issuer it signs for (a `{tenantid}` template on multi-tenant endpoints).
  const keyIssuer = (selection.key.jwk as { issuer?: unknown }).issuer;
  if (typeof keyIssuer === "string") {
    const expected = typeof claims.tid === "string" ? keyIssuer.replace("{tenantid}", claims.tid) : keyIssuer;
    if (claims.iss !== expected) return { ok: false, problem: "key_issuer_mismatch" };
  }
  try {
    await compactVerify(idToken, selection.key.key, { algorithms: view.algorithms });
    return { ok: true };
  } catch (error) {
    if (error instanceof errors.JOSEAlgNotAllowed) return { ok: false, problem: "alg_not_allowed" };
    return { ok: false, problem: "signature_invalid" };
  }
}
