import { isTenantGuid } from "@/lib/entra/tenant-ids";
import type { UserMessageCode } from "@/lib/errors/user-messages";
import { DEFAULT_REQUIRED_SCOPE } from "./access-config";

/**
 * The MCP access card's fields, checked: Tenant ID and Audience are GUIDs (lower-cased, as Entra writes them in
 * tokens; an Audience pasted as its App ID URI `api://<GUID>` is accepted), Required scope one scope name (default
 * `mcp.access`), "Accept v1.0 tokens" a checkbox.
 */
export type McpAccessInput = { entraTenantId: string; audience: string; requiredScope: string; acceptV1Tokens: boolean };
export type McpAccessField = keyof McpAccessInput;

const SCOPE_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,119}$/;

export function parseMcpAccessInput(form: Record<string, unknown>): { ok: true; input: McpAccessInput } | { ok: false; errors: Partial<Record<McpAccessField, UserMessageCode>> } {
  const text = (name: string) => (typeof form[name] === "string" ? (form[name] as string).trim() : "");
  const entraTenantId = text("entraTenantId").toLowerCase();
  const audience = text("audience").toLowerCase().replace(/^api:\/\//, "").replace(/\/+$/, "");
  const requiredScope = text("requiredScope") || DEFAULT_REQUIRED_SCOPE;
  const errors: Partial<Record<McpAccessField, UserMessageCode>> = {};
  if (!isTenantGuid(entraTenantId)) errors.entraTenantId = "mcp_tenant_id_invalid";
  if (!isTenantGuid(audience)) errors.audience = "mcp_audience_invalid";
  if (!SCOPE_NAME.test(requiredScope)) errors.requiredScope = "mcp_scope_invalid";
  if (Object.keys(errors).length) return { ok: false, errors };
  const v1 = form.acceptV1Tokens;
  return { ok: true, input: { entraTenantId, audience, requiredScope, acceptV1Tokens: v1 === "on" || v1 === "true" || v1 === true } };
}
