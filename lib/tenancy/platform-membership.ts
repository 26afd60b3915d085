import { and, eq, isNotNull } from "drizzle-orm";
import type { Database } from "@/db/client";
import { tenantDomains, tenantMemberships, tenants } from "@/db/schema";
import { emailDomain, type OidcIdentity } from "@/lib/auth/oidc-identity";

/**
 * Which workspace a platform Microsoft sign-in belongs to: the one linked to the account's Entra directory, or else
 * the one that owns the e-mail's domain as a verified domain — but only when Entra vouches for the domain
 * (`xms_edov`), because anyone can type any address into their own directory. Null: the person has no workspace
 * yet and is offered to create one.
 */
export async function findWorkspaceForIdentity(db: Database, identity: OidcIdentity): Promise<string | null> {
  if (identity.tid) {
    const [byDirectory] = await db
      .select({ id: tenants.id })
      .from(tenants)
      .where(and(eq(tenants.microsoftTenantId, identity.tid), eq(tenants.status, "active")));
    if (byDirectory) return byDirectory.id;
  }
  if (identity.email && identity.emailDomainVerified) {
    const [byDomain] = await db
      .select({ id: tenants.id })
      .from(tenantDomains)
      .innerJoin(tenants, eq(tenants.id, tenantDomains.tenantId))
      .where(and(eq(tenantDomains.domain, emailDomain(identity.email)), isNotNull(tenantDomains.verifiedAt), eq(tenants.status, "active")));
    if (byDomain) return byDomain.id;
  }
  return null;
}

/** Adds the user to the tenant as a member unless they already belong to it (keeping an existing admin role). */
export async function joinAsMember(db: Database, userId: string, tenantId: string): Promise<boolean> {
  const inserted = await db
    .insert(tenantMemberships)
    .values({ userId, tenantId, role: "member" })
    .onConflictDoNothing()
    .returning({ userId: tenantMemberships.userId });
  return inserted.length > 0;
}
