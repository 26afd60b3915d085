import { checkEntraIssuer } from "@/lib/entra/issuer";
import { domainOfEmail } from "@/lib/domains/normalize-domain";
import { cleanEmail, cleanName, type OidcIdentity } from "@/lib/auth/oidc-identity";
import { mapAppRoles } from "./role-mapping";
import type { TenantSsoForSignIn } from "./tenant-sso-config";

export type TenantSsoRefusal = "tid_mismatch" | "domain_not_owned" | "no_supported_role" | "issuer_invalid";

/**
 * Decides a tenant SSO sign-in from the validated ID-token claims, before anything is written:
 *  - Entra: the token's `tid` must be the configured directory, and `iss` that directory's issuer;
 *  - the e-mail's domain must be one of the tenant's verified domains: an IdP cannot sign anyone into a tenant
 *    that does not own their domain;
 *  - the role claim the card names (`roles` by default) must carry the admin or member value (admin wins), unless
 *    the card admits people without a matching role as members.
 * The identity is (tid, oid) for Entra and (iss, sub) otherwise.
 */
export function decideTenantSsoSignIn(
  claims: Record<string, unknown>,
  sso: TenantSsoForSignIn,
  authorityHost: string,
): { ok: true; identity: OidcIdentity; role: "admin" | "member" } | { ok: false; reason: TenantSsoRefusal } {
  let providerAccountId: string;
  if (sso.kind === "entra") {
    if (claims.tid !== sso.entraTenantId) return { ok: false, reason: "tid_mismatch" };
    if (checkEntraIssuer(claims, authorityHost) || typeof claims.oid !== "string") return { ok: false, reason: "issuer_invalid" };
    providerAccountId = `${claims.tid}:${claims.oid}`;
  } else {
    if (claims.iss !== sso.issuerUrl || typeof claims.sub !== "string" || !claims.sub) return { ok: false, reason: "issuer_invalid" };
    providerAccountId = `${claims.iss}#${claims.sub}`;
  }
  // The tenant's own directory vouches for its users' addresses only within the domains the tenant verified.
  const email = cleanEmail(claims.email) ?? cleanEmail(claims.preferred_username);
  const domain = email ? domainOfEmail(email) : undefined;
  if (!email || !domain || !sso.verifiedDomains.includes(domain)) return { ok: false, reason: "domain_not_owned" };
  const role = mapAppRoles(claims[sso.roleClaim], { admin: sso.adminRoleValue, member: sso.memberRoleValue }) ?? (sso.unmatchedRole === "member" ? "member" : undefined);
  if (!role) return { ok: false, reason: "no_supported_role" };
  return {
    ok: true,
    role,
    identity: {
      provider: `t-${sso.tenantKey}`,
      providerAccountId,
      tid: sso.kind === "entra" ? sso.entraTenantId : null,
      name: cleanName(claims.name) ?? email,
      email,
      emailDomainVerified: true,
    },
  };
}
