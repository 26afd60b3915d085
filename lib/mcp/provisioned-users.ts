import { and, asc, count, eq, ilike, or } from "drizzle-orm";
import type { Database } from "@/db/client";
import { mcpProvisionedUsers } from "@/db/schema";

/**
 * The Entra users a workspace lets through the MCP gateway, by Object ID (seed 001: no auto-provisioning). The
 * gateway reads one row per request, so removing a person refuses their very next request.
 */
export type ProvisionedUser = { oid: string; email: string; createdAt: Date };

export async function findProvisionedUser(db: Database, tenantId: string, oid: string): Promise<ProvisionedUser | undefined> {
  const [row] = await db
    .select({ oid: mcpProvisionedUsers.oid, email: mcpProvisionedUsers.email, createdAt: mcpProvisionedUsers.createdAt })
    .from(mcpProvisionedUsers)
    .where(and(eq(mcpProvisionedUsers.tenantId, tenantId), eq(mcpProvisionedUsers.oid, oid.toLowerCase())))
    .limit(1);
  return row;
}

/** Adds a person; false when their Object ID is already provisioned in this workspace. */
export async function addProvisionedUser(db: Database, tenantId: string, user: { oid: string; email: string }, createdBy: string | null, now: Date): Promise<boolean> {
  const inserted = await db
    .insert(mcpProvisionedUsers)
    .values({ tenantId, oid: user.oid.toLowerCase(), email: user.email.toLowerCase(), createdAt: now, createdBy })
    .onConflictDoNothing()
    .returning({ oid: mcpProvisionedUsers.oid });
  return inserted.length > 0;
}

export async function removeProvisionedUser(db: Database, tenantId: string, oid: string): Promise<boolean> {
  const removed = await db
    .delete(mcpProvisionedUsers)
    .where(and(eq(mcpProvisionedUsers.tenantId, tenantId), eq(mcpProvisionedUsers.oid, oid.toLowerCase())))
    .returning({ oid: mcpProvisionedUsers.oid });
  return removed.length > 0;
}

export const PROVISIONED_USERS_PAGE_SIZE = 50;

/** One page, sorted by e-mail, optionally narrowed to addresses or Object IDs containing `search`. */
export async function listProvisionedUsers(db: Database, tenantId: string, options: { page?: number; search?: string } = {}) {
  const page = Math.max(1, Math.floor(options.page ?? 1));
  const search = options.search?.trim().toLowerCase();
  const pattern = search ? `%${search.replace(/[\\%_]/g, (c) => `\\${c}`)}%` : undefined;
  const where = and(eq(mcpProvisionedUsers.tenantId, tenantId), pattern ? or(ilike(mcpProvisionedUsers.email, pattern), ilike(mcpProvisionedUsers.oid, pattern)) : undefined);
  const [rows, [total]] = await Promise.all([
    db
      .select({ oid: mcpProvisionedUsers.oid, email: mcpProvisionedUsers.email, createdAt: mcpProvisionedUsers.createdAt })
      .from(mcpProvisionedUsers)
      .where(where)
      .orderBy(asc(mcpProvisionedUsers.email), asc(mcpProvisionedUsers.oid))
      .limit(PROVISIONED_USERS_PAGE_SIZE)
      .offset((page - 1) * PROVISIONED_USERS_PAGE_SIZE),
    db.select({ n: count() }).from(mcpProvisionedUsers).where(where),
  ]);
  return { users: rows, total: total?.n ?? 0, page, pageSize: PROVISIONED_USERS_PAGE_SIZE };
}
