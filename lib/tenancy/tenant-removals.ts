import { and, desc, eq } from "drizzle-orm";
import type { Database } from "@/db/client";
import { tenantRemovals, tenants } from "@/db/schema";
import { tenantKeyOfProvider, tenantSsoProviderId } from "@/lib/signin/provider";

/** A workspace someone was removed from, as the refusal names it. */
export type RemovedFrom = { tenantId: string; key: string; name: string };

/** The workspace when an admin removed this user from it and nobody re-added or invited them since. */
export async function removalFrom(db: Database, tenantId: string, userId: string): Promise<RemovedFrom | undefined> {
  const [row] = await db
    .select({ tenantId: tenants.id, key: tenants.key, name: tenants.name })
    .from(tenantRemovals)
    .innerJoin(tenants, eq(tenants.id, tenantRemovals.tenantId))
    .where(and(eq(tenantRemovals.tenantId, tenantId), eq(tenantRemovals.userId, userId)));
  return row;
}

/** The workspace this user was most recently removed from, if any (for a sign-in that names no workspace). */
export async function latestRemovalOf(db: Database, userId: string): Promise<RemovedFrom | undefined> {
  const [row] = await db
    .select({ tenantId: tenants.id, key: tenants.key, name: tenants.name })
    .from(tenantRemovals)
    .innerJoin(tenants, eq(tenants.id, tenantRemovals.tenantId))
    .where(eq(tenantRemovals.userId, userId))
    .orderBy(desc(tenantRemovals.removedAt))
    .limit(1);
  return row;
}

/** The name of the workspace a refusal page names, by its key (a malformed or unknown key names none). */
export async function workspaceNameByKey(db: Database, key: string): Promise<string | undefined> {
  // The key's shape is the provider id's (`t-<key>`): one rule for what a workspace key can be.
  if (!tenantKeyOfProvider(tenantSsoProviderId(key))) return undefined;
  const [row] = await db.select({ name: tenants.name }).from(tenants).where(eq(tenants.key, key));
  return row?.name;
}
