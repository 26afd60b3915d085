import { checkEntraIssuer } from "@/lib/entra/issuer";
import { PERSONAL_ACCOUNTS_TENANT_ID, isTenantGuid } from "@/lib/entra/tenant-ids";
import { cleanEmail, cleanName, type OidcIdentity } from "./oidc-identity";

export const PLATFORM_MICROSOFT_PROVIDER_ID = "microsoft-entra-id";

export type PlatformMicrosoftRefusal = "issuer_invalid" | "personal_account_not_allowed";

/**
 * Decides, from the validated ID-token claims of a platform ("/common") sign-in and before anything is written,
 * whether the sign-in may proceed, and with which identity. Auth.js has already checked the signature source (TLS
 * token endpoint), `aud`, `exp`, `nonce` and `iss` against the `tid` re-discovery; this checks Microsoft's issuer
 * rule itself as well, so it does not depend on that mechanism.
 */
export function decidePlatformMicrosoftSignIn(
  claims: Record<string, unknown>,
  options: { authorityHost: string; allowPersonalAccounts: boolean },
): { ok: true; identity: OidcIdentity } | { ok: false; reason: PlatformMicrosoftRefusal; tid: string | null } {
  const tid = isTenantGuid(claims.tid) ? claims.tid : null;
  if (checkEntraIssuer(claims, options.authorityHost) || !tid || !isTenantGuid(claims.oid))
    return { ok: false, reason: "issuer_invalid", tid };
  if (tid === PERSONAL_ACCOUNTS_TENANT_ID && !options.allowPersonalAccounts)
    return { ok: false, reason: "personal_account_not_allowed", tid };
  return {
    ok: true,
    identity: {
      provider: PLATFORM_MICROSOFT_PROVIDER_ID,
      providerAccountId: `${tid}:${claims.oid}`,
      tid,
      name: cleanName(claims.name) ?? cleanName(claims.preferred_username),
      email: cleanEmail(claims.email),
      emailDomainVerified: claims.xms_edov === true && cleanEmail(claims.email) !== null,
    },
  };
}
