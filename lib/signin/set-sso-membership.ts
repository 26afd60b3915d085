import { sql } from "drizzle-orm";
import type { Database } from "@/db/client";
import { tenantMemberships } from "@/db/schema";

/**
 * Tenant SSO decides the role at every sign-in: the first sign-in creates the membership (JIT), later ones apply a
 * promotion or demotion made in the directory, and the MCP scopes the group mappings gave (left as they are when
 * the sign-in did not decide them). Returns true when the membership is new.
 */
export async function setSsoMembership(db: Database, userId: string, tenantId: string, decided: { role: "admin" | "member"; groupScopes?: string }): Promise<boolean> {
  const { role, groupScopes } = decided;
  const [row] = await db
    .insert(tenantMemberships)
    .values({ userId, tenantId, role, groupScopes: groupScopes ?? "" })
    .onConflictDoUpdate({ target: [tenantMemberships.tenantId, tenantMemberships.userId], set: { role, ...(groupScopes !== undefined ? { groupScopes } : {}) } })
    .returning({ inserted: sql<boolean>`(xmax = 0)` });
  return row?.inserted ?? false;
}
