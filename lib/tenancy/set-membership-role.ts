import { sql } from "drizzle-orm";
import type { Database } from "@/db/client";
import { tenantMemberships } from "@/db/schema";

/**
 * Tenant SSO decides the role at every sign-in: first sign-in creates the membership (JIT), later ones apply a
 * promotion or demotion made in the tenant's directory. Returns true when the membership is new.
 */
export async function setMembershipRole(db: Database, userId: string, tenantId: string, role: "admin" | "member"): Promise<boolean> {
  const [row] = await db
    .insert(tenantMemberships)
    .values({ userId, tenantId, role })
    .onConflictDoUpdate({ target: [tenantMemberships.tenantId, tenantMemberships.userId], set: { role } })
    .returning({ inserted: sql<boolean>`(xmax = 0)` });
  return row?.inserted ?? false;
}
