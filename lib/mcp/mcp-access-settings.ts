import type { Database } from "@/db/client";
import { isUniqueViolation } from "@/db/unique-violation";
import { recordAuditEvent } from "@/lib/audit/record-audit-event";
import { cleanEmail } from "@/lib/auth/oidc-identity";
import { isTenantGuid } from "@/lib/entra/tenant-ids";
import type { UserMessageCode } from "@/lib/errors/user-messages";
import type { IdpFetch } from "@/lib/signin/issuer-view";
import type { Clock } from "@/lib/time/clock";
import { loadMcpAccessConfig, provisioningTargetOf, saveMcpAccessConfig, DEFAULT_REQUIRED_SCOPE, type McpAccessConfig } from "./access-config";
import { parseMcpAccessInput, type McpAccessField } from "./access-config-input";
import { addProvisionedUser, removeProvisionedUser } from "./provisioned-users";
import { testMcpAccess, type McpAccessTestResult } from "./test-mcp-access";

/**
 * What a tenant admin does on Settings → MCP access, as plain functions: test and save the configuration, add and
 * remove provisioned users. Each change is audited with the admin, the workspace and the client address.
 */
export type McpAccessAdmin = { db: Database; tenantId: string; actorId: string; clientIp: string; authorityHost: string; clock: Clock; fetch?: IdpFetch };

export type McpAccessCardView = { entraTenantId: string; audience: string; requiredScope: string; acceptV1Tokens: boolean; configured: boolean };

export async function loadMcpAccessCard(db: Database, tenantId: string): Promise<McpAccessCardView> {
  const config = await loadMcpAccessConfig(db, tenantId);
  return config
    ? { entraTenantId: config.entraTenantId, audience: config.audience, requiredScope: config.requiredScope, acceptV1Tokens: config.acceptV1Tokens, configured: true }
    : { entraTenantId: "", audience: "", requiredScope: DEFAULT_REQUIRED_SCOPE, acceptV1Tokens: false, configured: false };
}

type FieldErrors = Partial<Record<McpAccessField, UserMessageCode>>;

export async function testMcpAccessForm(admin: McpAccessAdmin, form: Record<string, unknown>): Promise<{ fieldErrors: FieldErrors } | { result: McpAccessTestResult }> {
  const text = typeof form.entraTenantId === "string" ? form.entraTenantId.trim().toLowerCase() : "";
  if (!isTenantGuid(text)) return { fieldErrors: { entraTenantId: "mcp_tenant_id_invalid" } };
  const result = await testMcpAccess({ authorityHost: admin.authorityHost, entraTenantId: text, fetch: admin.fetch });
  await audit(admin, "mcp.access_tested", result.ok, { entraTenantId: text, result: result.code });
  return { result };
}

export async function saveMcpAccessForm(admin: McpAccessAdmin, form: Record<string, unknown>): Promise<{ ok: true; card: McpAccessCardView } | { ok: false; fieldErrors: FieldErrors }> {
  const parsed = parseMcpAccessInput(form);
  if (!parsed.ok) return { ok: false, fieldErrors: parsed.errors };
  const config: McpAccessConfig = { tenantId: admin.tenantId, ...parsed.input };
  try {
    await saveMcpAccessConfig(admin.db, config, admin.actorId, admin.clock.now());
  } catch (error) {
    if (isUniqueViolation(error)) return { ok: false, fieldErrors: { audience: "mcp_audience_taken" } };
    throw error;
  }
  await audit(admin, "mcp.access_saved", true, { ...parsed.input });
  return { ok: true, card: await loadMcpAccessCard(admin.db, admin.tenantId) };
}

export type ProvisionField = "email" | "oid";

export async function addProvisionedUserForm(admin: McpAccessAdmin, form: Record<string, unknown>): Promise<{ ok: true } | { ok: false; fieldErrors: Partial<Record<ProvisionField, UserMessageCode>> }> {
  const email = cleanEmail(form.email);
  const oid = typeof form.oid === "string" ? form.oid.trim().toLowerCase() : "";
  const fieldErrors: Partial<Record<ProvisionField, UserMessageCode>> = {};
  if (!email) fieldErrors.email = "mcp_user_email_invalid";
  if (!isTenantGuid(oid)) fieldErrors.oid = "mcp_user_oid_invalid";
  if (!email || Object.keys(fieldErrors).length) return { ok: false, fieldErrors };
  const target = await provisioningTargetOf(admin.db, admin.tenantId);
  if (!target) return { ok: false, fieldErrors: { oid: "mcp_provision_needs_config" } };
  if (!(await addProvisionedUser(admin.db, target, { email, oid }, admin.actorId, admin.clock.now()))) return { ok: false, fieldErrors: { oid: "mcp_user_exists" } };
  await audit(admin, "mcp.user_provisioned", true, { oid, email });
  return { ok: true };
}

export async function removeProvisionedUserForm(admin: McpAccessAdmin, oid: unknown): Promise<{ ok: boolean; message: UserMessageCode }> {
  const value = typeof oid === "string" ? oid.trim().toLowerCase() : "";
  if (!isTenantGuid(value) || !(await removeProvisionedUser(admin.db, admin.tenantId, value))) return { ok: false, message: "mcp_user_not_found" };
  await audit(admin, "mcp.user_removed", true, { oid: value });
  return { ok: true, message: "mcp_user_removed" };
}

function audit(admin: McpAccessAdmin, kind: string, ok: boolean, detail: Record<string, unknown>) {
  return recordAuditEvent(
    admin.db,
    { kind, outcome: ok ? "success" : "failure", actor: { type: "user", id: admin.actorId }, tenantId: admin.tenantId, clientIp: admin.clientIp, detail },
    admin.clock,
  );
}
