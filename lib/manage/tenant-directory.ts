import { and, asc, count, desc, eq, exists, like, or, sql } from "drizzle-orm";
import { tenantDomains, tenantMemberships, tenantSsoConfigs, tenants } from "@/db/schema";
import type { Database } from "@/db/client";
import { ssoStatus, type SsoStatus } from "@/lib/sso/sso-status";
import { cleanText, pageNumber } from "@/lib/text/clean-text";
import { systemClock, type Clock } from "@/lib/time/clock";
import { containsPattern } from "@/lib/text/like-pattern";

export const TENANTS_PAGE_SIZE = 25;

export type TenantRow = {
  id: string;
  key: string;
  name: string;
  status: "active" | "disabled";
  createdAt: Date;
  userCount: number;
  domains: { domain: string; verified: boolean }[];
  ssoStatus: SsoStatus;
};

export type TenantsPage = { query: string; page: number; pageSize: number; total: number; tenants: TenantRow[] };

/** `?q=` and `?page=` of the tenants list, cleaned; never an error (a bad page is page 1). */
export function parseTenantsQuery(params: URLSearchParams): { query: string; page: number } {
  return { query: cleanText(params.get("q")).slice(0, 100), page: pageNumber(params.get("page")) };
}

/**
 * The console's tenant list: search on name, key or domain (case-insensitive), newest first, paged in SQL. User
 * counts, domains and SSO state are read for the rows of the page only. The SSO status is judged by the settings
 * card's own model, with the secret's expiry and the verified domains, so staff and the tenant's admin read the same.
 */
export async function listTenants(db: Database, input: { query: string; page: number }, clock: Clock = systemClock): Promise<TenantsPage> {
  const pattern = containsPattern(input.query.toLowerCase());
  const filter = input.query
    ? or(
        like(sql`lower(${tenants.name})`, pattern),
        like(tenants.key, pattern),
        exists(db.select({ one: sql`1` }).from(tenantDomains).where(and(eq(tenantDomains.tenantId, tenants.id), like(tenantDomains.domain, pattern)))),
      )
    : undefined;
  const [rows, [counted]] = await Promise.all([
    db
      .select({
        id: tenants.id,
        key: tenants.key,
        name: tenants.name,
        status: tenants.status,
        createdAt: tenants.createdAt,
        userCount: sql<number>`(select count(*) from ${tenantMemberships} where ${tenantMemberships.tenantId} = ${tenants.id})`.mapWith(Number),
        domains: sql<string>`(select coalesce(json_agg(json_build_object('domain', d.domain, 'verified', d.verified_at is not null) order by d.domain), '[]'::json)::text
          from ${tenantDomains} d where d.tenant_id = ${tenants.id})`,
        sso: {
          kind: tenantSsoConfigs.kind,
          entraTenantId: tenantSsoConfigs.entraTenantId,
          issuerUrl: tenantSsoConfigs.issuerUrl,
          clientId: tenantSsoConfigs.clientId,
          secretSet: sql<boolean>`${tenantSsoConfigs.clientSecretEncrypted} is not null`,
          enabled: tenantSsoConfigs.enabled,
          clientSecretExpiresAt: tenantSsoConfigs.clientSecretExpiresAt,
        },
      })
      .from(tenants)
      .leftJoin(tenantSsoConfigs, eq(tenantSsoConfigs.tenantId, tenants.id))
      .where(filter)
      .orderBy(desc(tenants.createdAt), asc(tenants.id))
      .limit(TENANTS_PAGE_SIZE)
      .offset((input.page - 1) * TENANTS_PAGE_SIZE),
    db.select({ total: count() }).from(tenants).where(filter),
  ]);
  return {
    query: input.query,
    page: input.page,
    pageSize: TENANTS_PAGE_SIZE,
    total: counted?.total ?? 0,
    tenants: rows.map(({ sso, domains: domainsJson, ...row }) => {
      const domains = JSON.parse(domainsJson) as TenantRow["domains"];
      const verifiedDomains = domains.filter((d) => d.verified).length;
      return {
        ...row,
        domains,
        ssoStatus: ssoStatus(
          sso?.kind ? { ...sso, kind: sso.kind, secretSet: Boolean(sso.secretSet), enabled: Boolean(sso.enabled), verifiedDomains } : undefined,
          clock.now(),
        ),
      };
    }),
  };
}
