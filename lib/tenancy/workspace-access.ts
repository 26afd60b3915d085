import { and, asc, eq } from "drizzle-orm";
import type { Database } from "@/db/client";
import { tenantMemberships, tenants } from "@/db/schema";

/**
 * Whether a user belongs to workspaces and every one of them is disabled: such a user cannot sign in until staff
 * enable a workspace again. (Someone with no workspace at all may sign in and create one.)
 */
export async function onlyInDisabledWorkspaces(db: Database, userId: string): Promise<boolean> {
  const rows = await db
    .select({ status: tenants.status })
    .from(tenantMemberships)
    .innerJoin(tenants, eq(tenants.id, tenantMemberships.tenantId))
    .where(eq(tenantMemberships.userId, userId));
  return rows.length > 0 && rows.every((r) => r.status === "disabled");
}

/** The active workspace a new session acts for when the sign-in did not pick one: the oldest membership. */
export async function firstActiveWorkspace(db: Database, userId: string): Promise<string | null> {
  const [first] = await db
    .select({ tenantId: tenantMemberships.tenantId })
    .from(tenantMemberships)
    .innerJoin(tenants, eq(tenants.id, tenantMemberships.tenantId))
    .where(and(eq(tenantMemberships.userId, userId), eq(tenants.status, "active")))
    .orderBy(asc(tenantMemberships.createdAt))
    .limit(1);
  return first?.tenantId ?? null;
}
