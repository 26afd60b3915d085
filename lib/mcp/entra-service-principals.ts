import { and, asc, eq } from "drizzle-orm";
import type { Database } from "@/db/client";
import { entraServicePrincipals } from "@/db/schema";
import { isUniqueViolation } from "@/db/unique-violation";
import { recordAuditEvent } from "@/lib/audit/record-audit-event";
import { isTenantGuid } from "@/lib/entra/tenant-ids";
import type { UserMessageCode } from "@/lib/errors/user-messages";
import { parseMcpScopeList } from "@/lib/groups/mcp-scope-list";
import type { Clock } from "@/lib/time/clock";

/**
 * The Entra applications a workspace registers for app-only MCP access (issue 14 §2, the seed's client-credentials
 * flow): by Application (client) ID, with a name and the MCP scopes they may use. The gateway reads one row per
 * app-only request (findServicePrincipal); every change here is audited.
 */
export type ServicePrincipal = { id: string; appId: string; name: string; scopes: string[]; enabled: boolean; createdAt: Date };
export type ServicePrincipalField = "appId" | "name" | "scopes";
export type ServicePrincipalsContext = { db: Database; tenantId: string; actorId: string; clientIp: string; clock: Clock; requiredScope: string };
export type ServicePrincipalChange = { ok: true; message: UserMessageCode } | { ok: false; error?: UserMessageCode; fieldErrors?: Partial<Record<ServicePrincipalField, UserMessageCode>> };

export async function findServicePrincipal(db: Database, tenantId: string, appId: string): Promise<ServicePrincipal | undefined> {
  const [row] = await db
    .select()
    .from(entraServicePrincipals)
    .where(and(eq(entraServicePrincipals.tenantId, tenantId), eq(entraServicePrincipals.appId, appId.toLowerCase())))
    .limit(1);
  return row ? plain(row) : undefined;
}

export async function listServicePrincipals(db: Database, tenantId: string): Promise<ServicePrincipal[]> {
  const rows = await db.select().from(entraServicePrincipals).where(eq(entraServicePrincipals.tenantId, tenantId)).orderBy(asc(entraServicePrincipals.name), asc(entraServicePrincipals.appId));
  return rows.map(plain);
}

/** Name 1–60 characters; Application ID a GUID (lower-cased); scopes 1–20 names that include the required scope. */
export function parseServicePrincipalInput(form: Record<string, unknown>, requiredScope: string) {
  const text = (name: string) => (typeof form[name] === "string" ? (form[name] as string).trim() : "");
  const errors: Partial<Record<ServicePrincipalField, UserMessageCode>> = {};
  const appId = text("appId").toLowerCase();
  const name = text("name");
  const scopes = parseMcpScopeList(text("scopes") || requiredScope);
  if (!isTenantGuid(appId)) errors.appId = "service_principal_app_id_invalid";
  if (!name || name.length > 60 || /\p{Cc}/u.test(name)) errors.name = "service_principal_name_invalid";
  if (!scopes.ok || scopes.scopes.length === 0 || !scopes.scopes.includes(requiredScope)) errors.scopes = "service_principal_scopes_invalid";
  if (Object.keys(errors).length || !scopes.ok) return { ok: false as const, errors };
  return { ok: true as const, input: { appId, name, scopes: scopes.scopes } };
}

export async function addServicePrincipal(ctx: ServicePrincipalsContext, form: Record<string, unknown>): Promise<ServicePrincipalChange> {
  const parsed = parseServicePrincipalInput(form, ctx.requiredScope);
  if (!parsed.ok) return { ok: false, fieldErrors: parsed.errors };
  const { appId, name, scopes } = parsed.input;
  try {
    await ctx.db.transaction(async (tx) => {
      await tx.insert(entraServicePrincipals).values({ tenantId: ctx.tenantId, appId, name, scopes: scopes.join(" "), createdAt: ctx.clock.now(), createdBy: ctx.actorId });
      await audit(tx, ctx, "mcp.service_principal_added", { appId, name, scopes: scopes.join(" ") });
    });
  } catch (error) {
    if (isUniqueViolation(error)) return { ok: false, fieldErrors: { appId: "service_principal_exists" } };
    throw error;
  }
  return { ok: true, message: "service_principal_added" };
}

export async function removeServicePrincipal(ctx: ServicePrincipalsContext, appId: unknown): Promise<ServicePrincipalChange> {
  if (!isTenantGuid(appId)) return { ok: false, error: "service_principal_not_found" };
  return ctx.db.transaction(async (tx) => {
    const removed = await tx
      .delete(entraServicePrincipals)
      .where(and(eq(entraServicePrincipals.tenantId, ctx.tenantId), eq(entraServicePrincipals.appId, appId)))
      .returning({ appId: entraServicePrincipals.appId });
    if (!removed.length) return { ok: false, error: "service_principal_not_found" } as const;
    await audit(tx, ctx, "mcp.service_principal_removed", { appId });
    return { ok: true, message: "service_principal_removed" } as const;
  });
}

export async function setServicePrincipalEnabled(ctx: ServicePrincipalsContext, appId: unknown, enabled: boolean): Promise<ServicePrincipalChange> {
  if (!isTenantGuid(appId)) return { ok: false, error: "service_principal_not_found" };
  return ctx.db.transaction(async (tx) => {
    const changed = await tx
      .update(entraServicePrincipals)
      .set({ enabled })
      .where(and(eq(entraServicePrincipals.tenantId, ctx.tenantId), eq(entraServicePrincipals.appId, appId)))
      .returning({ appId: entraServicePrincipals.appId });
    if (!changed.length) return { ok: false, error: "service_principal_not_found" } as const;
    await audit(tx, ctx, enabled ? "mcp.service_principal_enabled" : "mcp.service_principal_disabled", { appId });
    return { ok: true, message: enabled ? "service_principal_enabled" : "service_principal_disabled" } as const;
  });
}

function plain(row: typeof entraServicePrincipals.$inferSelect): ServicePrincipal {
  return { id: row.id, appId: row.appId, name: row.name, scopes: row.scopes.split(" ").filter(Boolean), enabled: row.enabled, createdAt: row.createdAt };
}

function audit(db: Database, ctx: ServicePrincipalsContext, kind: string, detail: Record<string, unknown>) {
  return recordAuditEvent(db, { kind, outcome: "success", actor: { type: "user", id: ctx.actorId }, tenantId: ctx.tenantId, clientIp: ctx.clientIp, detail }, ctx.clock);
}
