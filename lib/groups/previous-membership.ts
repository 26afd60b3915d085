import { and, eq } from "drizzle-orm";
import type { Database } from "@/db/client";
import { accounts, tenantMemberships } from "@/db/schema";
import type { PreviousMembership } from "./decide-sign-in-role";

/**
 * The role and group scopes the identity's user holds in the workspace now, read only when the sign-in could not
 * learn the person's groups (so that they keep them). Undefined for a first-time person.
 */
export async function previousMembershipOf(db: Database, identity: { provider: string; providerAccountId: string }, tenantId: string): Promise<PreviousMembership> {
  const [row] = await db
    .select({ role: tenantMemberships.role, groupScopes: tenantMemberships.groupScopes })
    .from(accounts)
    .innerJoin(tenantMemberships, and(eq(tenantMemberships.userId, accounts.userId), eq(tenantMemberships.tenantId, tenantId)))
    .where(and(eq(accounts.provider, identity.provider), eq(accounts.providerAccountId, identity.providerAccountId)))
    .limit(1);
  return row;
}
