import type { Database } from "@/db/client";
import { decideSignInRole, type SignInRoleDecision } from "@/lib/groups/decide-sign-in-role";
import type { GroupMapping } from "@/lib/groups/evaluate-group-mappings";
import { groupEvidenceOf } from "@/lib/groups/group-evidence";
import type { GraphDeps } from "@/lib/groups/graph-member-objects";
import { previousMembershipOf } from "@/lib/groups/previous-membership";
import { mapAppRoles } from "@/lib/sso/role-mapping";
import type { TenantSsoForSignIn } from "@/lib/sso/tenant-sso-config";

/**
 * The role of a tenant-SSO sign-in in a workspace with group mappings (decideSignInRole states the precedence): the
 * app role from the claims, the person's groups (the token's `groups`, or Microsoft Graph on overage), and — only
 * when the groups could not be read — the membership the person holds now, so that they keep it.
 */
export async function decideTenantSsoRole(
  deps: { db: Database; fetch: GraphDeps["fetch"]; authorityHost: string; graphHost: string; graphBudgetMs?: number },
  sso: TenantSsoForSignIn,
  mappings: readonly GroupMapping[],
  claims: Record<string, unknown>,
  identity: { provider: string; providerAccountId: string },
): Promise<SignInRoleDecision> {
  const appRole = mapAppRoles(claims[sso.roleClaim], { admin: sso.adminRoleValue, member: sso.memberRoleValue });
  const evidence = await groupEvidenceOf(claims, sso, { fetch: deps.fetch, authorityHost: deps.authorityHost, graphHost: deps.graphHost, budgetMs: deps.graphBudgetMs });
  const previous = evidence.kind === "unresolved" ? await previousMembershipOf(deps.db, identity, sso.tenantId) : undefined;
  return decideSignInRole({ appRole, evidence, mappings, kind: sso.kind, unmatchedRole: sso.unmatchedRole, previous });
}
