import { verifyEntraAccessToken, type EntraVerifierDeps } from "./verify-entra-access-token";
import type { CredentialVerifier } from "./verify-credential";

/** Entra access tokens (v2 `{authority}/{tid}/v2.0`, v1 `https://sts.windows.net/{tid}/`) as a gateway credential kind. */
export function entraCredentialVerifier(deps: EntraVerifierDeps): CredentialVerifier {
  const v2Prefix = `${deps.authorityHost}/`;
  return {
    kind: "entra_access_token",
    recognizes: (claims) => typeof claims.iss === "string" && (claims.iss.startsWith(v2Prefix) || claims.iss.startsWith("https://sts.windows.net/")),
    verify: async (token, target) => {
      const result = await verifyEntraAccessToken(deps, token, target);
      return result.ok ? { ok: true, principal: result.principal, expiresAt: result.expiresAt } : result;
    },
  };
}
