import { cleanEmail, cleanName } from "@/lib/auth/oidc-identity";
import { checkEntraIssuer } from "@/lib/entra/issuer";
import { isTenantGuid } from "@/lib/entra/tenant-ids";

export const STAFF_PROVIDER_ID = "staff-entra";
export const STAFF_APP_ROLES = { admin: "Staff.Admin", support: "Staff.Support" } as const;

export type StaffRole = keyof typeof STAFF_APP_ROLES;
export type StaffIdentity = { providerAccountId: string; name: string | null; email: string | null; role: StaffRole };
export type StaffRefusal = "staff_wrong_directory" | "issuer_invalid" | "staff_no_role";

/**
 * Decides a console sign-in from the validated ID-token claims of the console's single-tenant app, before anything
 * is written: the token must come from the operator's own directory (`tid` and its exact issuer), and carry one of
 * the console app's roles — `Staff.Admin` wins over `Staff.Support`; an account with neither is refused. The staff
 * identity is (tid, oid); name and e-mail are display only.
 */
export function decideStaffSignIn(
  claims: Record<string, unknown>,
  options: { operatorTenantId: string; authorityHost: string },
): { ok: true; identity: StaffIdentity } | { ok: false; reason: StaffRefusal } {
  if (claims.tid !== options.operatorTenantId) return { ok: false, reason: "staff_wrong_directory" };
  if (checkEntraIssuer(claims, options.authorityHost) || !isTenantGuid(claims.oid)) return { ok: false, reason: "issuer_invalid" };
  const roles = Array.isArray(claims.roles) ? claims.roles.filter((r): r is string => typeof r === "string") : [];
  const role: StaffRole | undefined = roles.includes(STAFF_APP_ROLES.admin)
    ? "admin"
    : roles.includes(STAFF_APP_ROLES.support)
      ? "support"
      : undefined;
  if (!role) return { ok: false, reason: "staff_no_role" };
  return {
    ok: true,
    identity: {
      providerAccountId: `${claims.tid}:${claims.oid}`,
      name: cleanName(claims.name) ?? cleanName(claims.preferred_username),
      email: cleanEmail(claims.email) ?? cleanEmail(claims.preferred_username),
      role,
    },
  };
}
