import { isTenantGuid } from "@/lib/entra/tenant-ids";
import type { UserMessageCode } from "@/lib/errors/user-messages";
import { parseMcpScopeList } from "./mcp-scope-list";

/**
 * A new group mapping's fields, checked: for a workspace on Microsoft Entra ID the group is its object ID (a GUID,
 * lower-cased as Entra writes it in tokens and Graph answers); for a generic OIDC issuer, the group name exactly as
 * the issuer sends it in `groups` (1–256 characters, no control characters). The role is admin or member; the MCP
 * scopes a space- or comma-separated list (may be empty).
 */
export type GroupMappingInput = { groupId: string; role: "admin" | "member"; scopes: string };
export type GroupMappingField = keyof GroupMappingInput;

export function parseGroupMappingInput(
  form: Record<string, unknown>,
  kind: "entra" | "oidc",
): { ok: true; input: GroupMappingInput } | { ok: false; errors: Partial<Record<GroupMappingField, UserMessageCode>> } {
  const text = (name: string) => (typeof form[name] === "string" ? (form[name] as string).trim() : "");
  const errors: Partial<Record<GroupMappingField, UserMessageCode>> = {};
  let groupId = text("groupId");
  if (kind === "entra") {
    groupId = groupId.toLowerCase();
    if (!isTenantGuid(groupId)) errors.groupId = "group_mapping_group_id_invalid";
  } else if (!groupId || groupId.length > 256 || /\p{Cc}/u.test(groupId)) {
    errors.groupId = "group_mapping_group_name_invalid";
  }
  const role = text("role");
  if (role !== "admin" && role !== "member") errors.role = "group_mapping_role_invalid";
  const scopes = parseMcpScopeList(text("scopes"));
  if (!scopes.ok) errors.scopes = "group_mapping_scopes_invalid";
  if (Object.keys(errors).length || !scopes.ok) return { ok: false, errors };
  return { ok: true, input: { groupId, role: role as "admin" | "member", scopes: scopes.scopes.join(" ") } };
}
