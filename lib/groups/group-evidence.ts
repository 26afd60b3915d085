import type { GroupEvidence } from "./decide-sign-in-role";
import { graphGroupsOf, type GraphDeps } from "./graph-member-objects";

/** The workspace's IdP, as much of it as reading groups needs. */
export type GroupSource = { kind: "entra" | "oidc"; entraTenantId: string | null; clientId: string; clientSecret: string };

/**
 * The person's groups from a verified ID token: its `groups` claim (an array, or one string), or — for Entra, when
 * the token carries the overage claim instead (`_claim_names.groups`, no `groups`) — Microsoft Graph. A token with
 * neither says the person is in no group.
 */
export async function groupEvidenceOf(
  claims: Record<string, unknown>,
  source: GroupSource,
  graph: GraphDeps & { authorityHost: string; graphHost: string },
): Promise<GroupEvidence> {
  const inline = claims.groups;
  if (typeof inline === "string") return { kind: "groups", groups: [inline], source: "token" };
  if (Array.isArray(inline)) return { kind: "groups", groups: inline.filter((g): g is string => typeof g === "string"), source: "token" };
  if (source.kind !== "entra" || !hasGroupsOverage(claims)) return { kind: "groups", groups: [], source: "token" };
  if (!source.entraTenantId || typeof claims.oid !== "string") return { kind: "unresolved", reason: "overage_without_oid" };
  const resolved = await graphGroupsOf(graph, {
    authorityHost: graph.authorityHost,
    graphHost: graph.graphHost,
    entraTenantId: source.entraTenantId,
    oid: claims.oid,
    clientId: source.clientId,
    clientSecret: source.clientSecret,
  });
  return resolved.ok ? { kind: "groups", groups: resolved.groups, source: "graph" } : { kind: "unresolved", reason: resolved.reason };
}

/** Entra's groups overage claim: `_claim_names` names a source for `groups` (research §2.4). */
export function hasGroupsOverage(claims: Record<string, unknown>): boolean {
  const names = claims._claim_names;
  return typeof names === "object" && names !== null && "groups" in names && claims.groups === undefined;
}
