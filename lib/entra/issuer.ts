import { isTenantGuid } from "./tenant-ids";

/**
 * Microsoft's recipe for a multi-tenant (`/common`) token: discovery publishes the issuer as the template
 * `{authority}/{tenantid}/v2.0`; the token's own `tid` must be a GUID and its `iss` must equal the template with
 * `{tenantid}` replaced by that `tid`, exactly. This ties the token to the directory that issued it.
 */
export function expectedEntraIssuer(authorityHost: string, tid: string): string {
  return `${authorityHost}/${tid}/v2.0`;
}

export type EntraIssuerProblem = "tid_missing" | "issuer_mismatch";

export function checkEntraIssuer(claims: { iss?: unknown; tid?: unknown }, authorityHost: string): EntraIssuerProblem | undefined {
  if (!isTenantGuid(claims.tid)) return "tid_missing";
  if (claims.iss !== expectedEntraIssuer(authorityHost, claims.tid)) return "issuer_mismatch";
  return undefined;
}
