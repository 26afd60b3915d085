import { eq } from "drizzle-orm";
import type { Database } from "@/db/client";
import { oktaOrgs, tenants } from "@/db/schema";
import { recordAuditEvent } from "@/lib/audit/record-audit-event";
import { isUniqueViolation } from "@/db/unique-violation";
import type { Clock } from "@/lib/time/clock";
import { checkOktaIssuer, type DiscoveryFetch, type OktaIssuerRefusal } from "./okta-issuer";

/**
 * Settings → Enterprise → Okta: a workspace's Okta org. Saving checks the issuer against its discovery document
 * first, so a saved issuer is one that answered; the issuer is unique across workspaces, so an ID-JAG's `iss` finds
 * exactly one workspace. Every save, refusal and removal is audited.
 */
export type OktaOrg = { tenantId: string; issuer: string; scope: string | null; updatedAt: Date };
export type SaveOktaOrgRefusal = OktaIssuerRefusal | "okta_scope_invalid" | "okta_issuer_taken";
export type SaveOktaOrgResult = { ok: true; org: OktaOrg; reference: string } | { ok: false; code: SaveOktaOrgRefusal; reference: string };

const SCOPE_TOKEN = /^[A-Za-z0-9._:/-]{1,64}$/;

/** Space-separated scope names (RFC 6749 scope-token, a safe subset), at most 20; blank means none. */
export function parseOktaScope(input: unknown): { ok: true; scope: string | null } | { ok: false } {
  if (input == null) return { ok: true, scope: null };
  if (typeof input !== "string" || input.length > 1000) return { ok: false };
  const scopes = [...new Set(input.trim().split(/\s+/).filter(Boolean))];
  if (scopes.length > 20 || scopes.some((s) => !SCOPE_TOKEN.test(s))) return { ok: false };
  return { ok: true, scope: scopes.length ? scopes.join(" ") : null };
}

export async function saveOktaOrg(
  db: Database,
  input: { tenantId: string; issuer: unknown; scope: unknown; actor: { userId: string; clientIp: string | null } },
  fetchImpl: DiscoveryFetch,
  clock: Clock,
): Promise<SaveOktaOrgResult> {
  const audit = (outcome: "success" | "failure", detail: Record<string, unknown>) =>
    recordAuditEvent(db, { kind: "okta.org_saved", outcome, actor: { type: "user", id: input.actor.userId }, tenantId: input.tenantId, clientIp: input.actor.clientIp, detail }, clock);
  const scope = parseOktaScope(input.scope);
  if (!scope.ok) return { ok: false, code: "okta_scope_invalid", reference: await audit("failure", { reason: "okta_scope_invalid" }) };
  const checked = await checkOktaIssuer(input.issuer, fetchImpl);
  if (!checked.ok) return { ok: false, code: checked.code, reference: await audit("failure", { reason: checked.code, issuer: typeof input.issuer === "string" ? input.issuer : null, detail: checked.detail }) };
  const now = clock.now();
  const values = { tenantId: input.tenantId, issuer: checked.issuer, scope: scope.scope, updatedAt: now, updatedBy: input.actor.userId };
  try {
    await db.insert(oktaOrgs).values(values).onConflictDoUpdate({ target: oktaOrgs.tenantId, set: { issuer: values.issuer, scope: values.scope, updatedAt: now, updatedBy: values.updatedBy } });
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
    return { ok: false, code: "okta_issuer_taken", reference: await audit("failure", { reason: "okta_issuer_taken", issuer: checked.issuer }) };
  }
  const reference = await audit("success", { issuer: checked.issuer, scope: scope.scope });
  return { ok: true, org: { tenantId: input.tenantId, issuer: checked.issuer, scope: scope.scope, updatedAt: now }, reference };
}

export async function removeOktaOrg(db: Database, input: { tenantId: string; actor: { userId: string; clientIp: string | null } }, clock: Clock): Promise<boolean> {
  const removed = await db.delete(oktaOrgs).where(eq(oktaOrgs.tenantId, input.tenantId)).returning({ issuer: oktaOrgs.issuer });
  if (!removed.length) return false;
  await recordAuditEvent(db, { kind: "okta.org_removed", outcome: "success", actor: { type: "user", id: input.actor.userId }, tenantId: input.tenantId, clientIp: input.actor.clientIp, detail: { issuer: removed[0]!.issuer } }, clock);
  return true;
}

export async function oktaOrgOf(db: Database, tenantId: string): Promise<OktaOrg | undefined> {
  const [row] = await db.select().from(oktaOrgs).where(eq(oktaOrgs.tenantId, tenantId));
  return row ? { tenantId: row.tenantId, issuer: row.issuer, scope: row.scope, updatedAt: row.updatedAt } : undefined;
}

/** The workspace an ID-JAG's issuer is bound to: only an active workspace's org counts. */
export async function oktaOrgByIssuer(db: Database, issuer: string): Promise<(OktaOrg & { tenantKey: string }) | undefined> {
  const [row] = await db
    .select({ tenantId: oktaOrgs.tenantId, issuer: oktaOrgs.issuer, scope: oktaOrgs.scope, updatedAt: oktaOrgs.updatedAt, tenantKey: tenants.key, status: tenants.status })
    .from(oktaOrgs)
    .innerJoin(tenants, eq(tenants.id, oktaOrgs.tenantId))
    .where(eq(oktaOrgs.issuer, issuer));
  if (!row || row.status !== "active") return undefined;
  return { tenantId: row.tenantId, issuer: row.issuer, scope: row.scope, updatedAt: row.updatedAt, tenantKey: row.tenantKey };
}
