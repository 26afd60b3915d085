import { firstMatchingMapping, type GroupMapping } from "./evaluate-group-mappings";

/** What the sign-in knows of the person's groups. */
export type GroupEvidence =
  | { kind: "groups"; groups: string[]; source: "token" | "graph" }
  /** The groups could not be read (Graph down, throttled past the budget, refused): nothing is known. */
  | { kind: "unresolved"; reason: string };

export type PreviousMembership = { role: "admin" | "member"; groupScopes: string } | undefined;

export type SignInRoleDecision =
  | { ok: true; role: "admin" | "member"; groupScopes: string; source: "app_role" | "group_mapping" | "default" | "previous"; mappingId?: string; groupsUnresolved?: string }
  | { ok: false; reason: "no_supported_role"; groupsUnresolved?: string };

/**
 * The role (and the MCP scopes) of a tenant-SSO sign-in in a workspace with group mappings. Precedence, as the
 * Group mappings page states it:
 *  1. an app role in the role claim (Entra's `roles`, or the claim the SSO card names) decides the role;
 *  2. otherwise the first mapping, in priority order, whose group the person is in;
 *  3. otherwise the default: member when the SSO card admits people without a role as members, else refused.
 * The MCP scopes always come from the first matching mapping (none when no mapping matches).
 * When the groups could not be read, nothing is decided on partial data: a returning person keeps the role and the
 * scopes they had (an app role still applies), and a first-time person gets the default.
 */
export function decideSignInRole(input: {
  appRole: "admin" | "member" | undefined;
  evidence: GroupEvidence;
  mappings: readonly GroupMapping[];
  kind: "entra" | "oidc";
  unmatchedRole: "refuse" | "member";
  previous: PreviousMembership;
}): SignInRoleDecision {
  const { appRole, evidence, previous } = input;
  if (evidence.kind === "unresolved") {
    const groupsUnresolved = evidence.reason;
    if (previous) return { ok: true, role: appRole ?? previous.role, groupScopes: previous.groupScopes, source: appRole ? "app_role" : "previous", groupsUnresolved };
    if (appRole) return { ok: true, role: appRole, groupScopes: "", source: "app_role", groupsUnresolved };
    if (input.unmatchedRole === "member") return { ok: true, role: "member", groupScopes: "", source: "default", groupsUnresolved };
    return { ok: false, reason: "no_supported_role", groupsUnresolved };
  }
  const mapping = firstMatchingMapping(input.mappings, evidence.groups, input.kind);
  const groupScopes = mapping?.scopes ?? "";
  if (appRole) return { ok: true, role: appRole, groupScopes, source: "app_role", mappingId: mapping?.id };
  if (mapping) return { ok: true, role: mapping.role, groupScopes, source: "group_mapping", mappingId: mapping.id };
  if (input.unmatchedRole === "member") return { ok: true, role: "member", groupScopes, source: "default" };
  return { ok: false, reason: "no_supported_role" };
}
