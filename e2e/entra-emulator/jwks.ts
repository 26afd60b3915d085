import { issuerTenant, v2Issuer, type Authority } from "./authority";
import type { SigningKey } from "./signing-keys";

/**
 * The key set (research 1.4): `kid` == `x5t`, the certificate in `x5c`, no `alg`, and Microsoft's non-standard
 * per-key `issuer`, which validators use to bind a key to the tenants it may sign for: templated on `common` and
 * `organizations`, concrete on a tenant or on `consumers`. The v1 key set, as observed, carries no `issuer`.
 */
export function jwksDocument(origin: string, authority: Authority, keys: readonly SigningKey[], version: 1 | 2) {
  const issuer = v2Issuer(origin, issuerTenant(authority));
  return {
    keys: keys.map((key) => ({
      kty: "RSA",
      use: "sig",
      kid: key.kid,
      x5t: key.kid,
      n: key.modulus,
      e: key.exponent,
      x5c: [key.certificateDer.toString("base64")],
      ...(version === 2 ? { issuer } : {}),
    })),
  };
}
