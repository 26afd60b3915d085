/**
 * A workspace's group mapping as the sign-in reads it: a group (an Entra group object ID, lower-case, or a generic
 * issuer's group name, exactly as sent) giving a role and MCP scopes (space-separated).
 */
export type GroupMapping = { id: string; groupId: string; role: "admin" | "member"; scopes: string };

/**
 * The first mapping, in priority order, whose group the person is in; undefined when none is. Entra group object
 * IDs are compared without regard to case (Entra writes them lower-case, an admin may paste them in upper case);
 * group names of other issuers are compared exactly.
 */
export function firstMatchingMapping(mappings: readonly GroupMapping[], groups: readonly string[], kind: "entra" | "oidc"): GroupMapping | undefined {
  const held = new Set(kind === "entra" ? groups.map((g) => g.toLowerCase()) : groups);
  return mappings.find((m) => held.has(kind === "entra" ? m.groupId.toLowerCase() : m.groupId));
}
