import { and, eq, isNotNull } from "drizzle-orm";
import type { Database } from "@/db/client";
import { tenantDomains, tenantSsoConfigs, tenants } from "@/db/schema";
import { ssoDisplayName } from "@/lib/sso/sso-display-name";
import type { Clock } from "@/lib/time/clock";
import { domainOfEmail, normalizeDomain } from "./normalize-domain";
import { isPublicMailDomain } from "./public-mail-domains";

export type ClaimDomainResult = { ok: true; domain: string } | { ok: false; code: "domain_invalid" | "domain_public" | "domain_taken" };

/** A tenant claims a domain (unverified until staff verify it); a domain belongs to one tenant at most. */
export async function claimDomain(db: Database, tenantId: string, input: unknown, clock: Clock): Promise<ClaimDomainResult> {
  const domain = normalizeDomain(input);
  if (!domain) return { ok: false, code: "domain_invalid" };
  if (isPublicMailDomain(domain)) return { ok: false, code: "domain_public" };
  const inserted = await db.insert(tenantDomains).values({ domain, tenantId, createdAt: clock.now() }).onConflictDoNothing().returning();
  if (inserted.length) return { ok: true, domain };
  const [existing] = await db.select({ tenantId: tenantDomains.tenantId }).from(tenantDomains).where(eq(tenantDomains.domain, domain));
  return existing?.tenantId === tenantId ? { ok: true, domain } : { ok: false, code: "domain_taken" };
}

/** Marks a claimed domain verified (today by staff or the CLI; DNS TXT verification can set the same column). */
export async function verifyDomain(db: Database, domain: string, clock: Clock): Promise<boolean> {
  const rows = await db.update(tenantDomains).set({ verifiedAt: clock.now() }).where(eq(tenantDomains.domain, domain)).returning();
  return rows.length > 0;
}

export async function verifiedDomainsOf(db: Database, tenantId: string): Promise<string[]> {
  const rows = await db
    .select({ domain: tenantDomains.domain })
    .from(tenantDomains)
    .where(and(eq(tenantDomains.tenantId, tenantId), isNotNull(tenantDomains.verifiedAt)));
  return rows.map((r) => r.domain);
}

export type SsoRoute = { tenantKey: string; tenantName: string; kind: "entra" | "oidc"; /** "Microsoft Entra ID", or the issuer's display name */ idpName: string };

/**
 * Home-realm discovery: the tenant whose SSO handles this e-mail — its domain verified, its SSO enabled, the tenant
 * active. One indexed lookup (the domain is the primary key).
 */
export async function findSsoRouteForEmail(db: Database, email: string): Promise<SsoRoute | undefined> {
  const domain = domainOfEmail(email);
  if (!domain) return undefined;
  const [row] = await db
    .select({ tenantKey: tenants.key, tenantName: tenants.name, kind: tenantSsoConfigs.kind, issuerUrl: tenantSsoConfigs.issuerUrl, displayName: tenantSsoConfigs.displayName })
    .from(tenantDomains)
    .innerJoin(tenants, eq(tenants.id, tenantDomains.tenantId))
    .innerJoin(tenantSsoConfigs, eq(tenantSsoConfigs.tenantId, tenants.id))
    .where(and(eq(tenantDomains.domain, domain), isNotNull(tenantDomains.verifiedAt), eq(tenantSsoConfigs.enabled, true), eq(tenants.status, "active")));
  return row && { tenantKey: row.tenantKey, tenantName: row.tenantName, kind: row.kind, idpName: ssoDisplayName(row) };
}
