import { and, eq } from "drizzle-orm";
import type { Database } from "@/db/client";
import { isRowId } from "@/db/row-id";
import { tenantDomains, tenants } from "@/db/schema";
import { forgetTenantSso } from "@/lib/sso/tenant-sso-cache";
import { normalizeDomain } from "@/lib/domains/normalize-domain";
import { claimDomain } from "@/lib/domains/tenant-domains";
import type { Clock } from "@/lib/time/clock";
import { recordStaffAction, type StaffActor } from "./staff-audit";

/**
 * Staff mark a tenant's domain verified (after checking ownership out of band) or take the mark away. Unverifying
 * stops the domain from routing sign-ins and granting membership at once; existing members keep their membership.
 */
export async function setDomainVerified(
  db: Database,
  input: { tenantId: string; domain: unknown; verified: unknown; staff: StaffActor; clientIp: string },
  clock: Clock,
): Promise<{ ok: true } | { ok: false; code: "domain_not_found" | "domain_verified_invalid" }> {
  const domain = normalizeDomain(input.domain);
  if (!isRowId(input.tenantId)) return { ok: false, code: "domain_not_found" };
  if (typeof input.verified !== "boolean") return { ok: false, code: "domain_verified_invalid" };
  if (!domain) return { ok: false, code: "domain_not_found" };
  const [row] = await db
    .update(tenantDomains)
    .set({ verifiedAt: input.verified ? clock.now() : null })
    .where(and(eq(tenantDomains.domain, domain), eq(tenantDomains.tenantId, input.tenantId)))
    .returning({ domain: tenantDomains.domain });
  if (!row) return { ok: false, code: "domain_not_found" };
  // Tenant SSO checks sign-ins against the verified domains it caches: drop this process's copy now.
  const [tenant] = await db.select({ key: tenants.key }).from(tenants).where(eq(tenants.id, input.tenantId));
  if (tenant) forgetTenantSso(tenant.key);
  await recordStaffAction(
    db,
    { staff: input.staff, kind: input.verified ? "domain.verified" : "domain.unverified", tenantId: input.tenantId, clientIp: input.clientIp, detail: { domain } },
    clock,
  );
  return { ok: true };
}

/** Staff add a domain to a tenant (unverified): the same rules as everywhere (no public mail domains, one owner). */
export async function addTenantDomain(
  db: Database,
  input: { tenantId: string; domain: unknown; staff: StaffActor; clientIp: string },
  clock: Clock,
): Promise<{ ok: true; domain: string } | { ok: false; code: "tenant_not_found" | "domain_invalid" | "domain_public" | "domain_taken" }> {
  const [tenant] = isRowId(input.tenantId) ? await db.select({ id: tenants.id }).from(tenants).where(eq(tenants.id, input.tenantId)) : [];
  if (!tenant) return { ok: false, code: "tenant_not_found" };
  const claimed = await claimDomain(db, input.tenantId, input.domain, clock);
  if (!claimed.ok) return claimed;
  await recordStaffAction(db, { staff: input.staff, kind: "domain.added", tenantId: input.tenantId, clientIp: input.clientIp, detail: { domain: claimed.domain } }, clock);
  return claimed;
}
