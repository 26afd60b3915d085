import { and, asc, desc, eq, isNull } from "drizzle-orm";
import type { Database } from "@/db/client";
import { isRowId } from "@/db/row-id";
import { tenantDomains, tenantInvitations, tenants } from "@/db/schema";
import { loadSsoCard, type SsoCardView } from "@/lib/sso/tenant-sso-config";
import { listTenantUsers, type TenantUsersPage } from "@/lib/tenancy/tenant-users";

export type TenantDetail = {
  tenant: { id: string; key: string; name: string; status: "active" | "disabled"; microsoftTenantId: string | null; createdAt: Date };
  domains: { domain: string; verifiedAt: Date | null }[];
  /** The SSO card as its admins see it: never a secret, only whether one is set. */
  sso: Omit<SsoCardView, "adminRoleValue" | "memberRoleValue"> & { adminRoleValue: string; memberRoleValue: string };
  users: TenantUsersPage;
  pendingInvitations: { id: string; email: string; role: "admin" | "member"; expiresAt: Date }[];
};

export async function loadTenantDetail(db: Database, tenantId: string, usersPage: number): Promise<TenantDetail | undefined> {
  if (!isRowId(tenantId)) return undefined;
  const [tenant] = await db
    .select({ id: tenants.id, key: tenants.key, name: tenants.name, status: tenants.status, microsoftTenantId: tenants.microsoftTenantId, createdAt: tenants.createdAt })
    .from(tenants)
    .where(eq(tenants.id, tenantId));
  if (!tenant) return undefined;
  const [domains, sso, users, pendingInvitations] = await Promise.all([
    db.select({ domain: tenantDomains.domain, verifiedAt: tenantDomains.verifiedAt }).from(tenantDomains).where(eq(tenantDomains.tenantId, tenantId)).orderBy(asc(tenantDomains.domain)),
    loadSsoCard(db, tenantId),
    listTenantUsers(db, tenantId, { sort: "name", dir: "asc", page: usersPage }),
    db
      .select({ id: tenantInvitations.id, email: tenantInvitations.email, role: tenantInvitations.role, expiresAt: tenantInvitations.expiresAt })
      .from(tenantInvitations)
      .where(and(eq(tenantInvitations.tenantId, tenantId), isNull(tenantInvitations.acceptedAt)))
      .orderBy(desc(tenantInvitations.createdAt)),
  ]);
  return { tenant, domains, sso, users, pendingInvitations };
}
