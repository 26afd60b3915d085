import { and, eq, or } from "drizzle-orm";
import type { Database } from "@/db/client";
import { tenantMemberships } from "@/db/schema";

/**
 * Inside a transaction that may take a workspace's admin away (removing or demoting someone): locks the workspace's
 * admin memberships and the target's, so two admins doing it to each other at the same moment are serialised and the
 * second sees the first's change. Says the target's role (undefined: not a member) and whether they are the last admin.
 */
export async function lockAdminsAndTarget(tx: Database, tenantId: string, userId: string): Promise<{ role: "admin" | "member"; lastAdmin: boolean } | undefined> {
  const locked = await tx
    .select({ userId: tenantMemberships.userId, role: tenantMemberships.role })
    .from(tenantMemberships)
    .where(and(eq(tenantMemberships.tenantId, tenantId), or(eq(tenantMemberships.role, "admin"), eq(tenantMemberships.userId, userId))))
    .for("update");
  const target = locked.find((row) => row.userId === userId);
  if (!target) return undefined;
  return { role: target.role, lastAdmin: target.role === "admin" && locked.filter((row) => row.role === "admin").length < 2 };
}
