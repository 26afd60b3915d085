import { BREAK_GLASS_LOGIN } from "@/lib/bootstrap/seed-fresh-install";

/**
 * AUTH_POLICY, as the contract's table has it:
 *
 * | policy       | e-mail + password          | platform Microsoft     | tenant SSO             |
 * | `standard`   | yes                        | yes                    | yes                    |
 * | `restricted` | only the break-glass admin | only allowed domains   | only allowed domains   |
 *
 * The domain an OIDC sign-in is judged on is one its identity provider vouches for — Entra's `email` with
 * `xms_edov: true` on the platform app, a verified domain of the tenant for tenant SSO — never a raw `email` claim,
 * which anyone can put into their own directory. A session records how it was made (method and vouched domain), so a
 * policy tightened at the next start ends the sessions that would no longer be allowed, at their next request.
 */
export type AuthPolicy = { mode: "standard" | "restricted"; allowedDomains: readonly string[] };

export type SignInMethod = "password" | "microsoft" | "tenant_sso";

export type DomainRefusal = { reason: "email_unverified" | "domain_not_allowed"; domain: string | null };

export function authPolicyOf(settings: { authPolicy: AuthPolicy["mode"]; allowedEmailDomains: readonly string[] }): AuthPolicy {
  return { mode: settings.authPolicy, allowedDomains: settings.allowedEmailDomains };
}

/** Whether the password form may be used by this login (already normalised). */
export function passwordAllowedFor(policy: AuthPolicy, login: string): boolean {
  return policy.mode === "standard" || login === BREAK_GLASS_LOGIN;
}

/**
 * The domain check of an OIDC sign-in, run in the callback before anything is written. `vouchedDomain` is the
 * domain the IdP vouches for (null when it vouches for none); `claimedDomain` is only for the audit trail.
 */
export function checkOidcDomain(policy: AuthPolicy, vouchedDomain: string | null, claimedDomain: string | null): DomainRefusal | null {
  if (policy.mode === "standard") return null;
  if (!vouchedDomain) return { reason: "email_unverified", domain: claimedDomain };
  return policy.allowedDomains.includes(vouchedDomain) ? null : { reason: "domain_not_allowed", domain: vouchedDomain };
}

/** Whether an existing session still passes the policy in force now (it may have been made under another). */
export function sessionPassesPolicy(
  policy: AuthPolicy,
  session: { method: SignInMethod | null; vouchedDomain: string | null; login: string | null },
): boolean {
  if (policy.mode === "standard") return true;
  if (session.method === "password") return session.login === BREAK_GLASS_LOGIN;
  if (session.method === "microsoft" || session.method === "tenant_sso")
    return session.vouchedDomain !== null && policy.allowedDomains.includes(session.vouchedDomain);
  return false;
}
