import { and, eq, like, or } from "drizzle-orm";
import type { Database } from "@/db/client";
import { accounts, users } from "@/db/schema";
import { isTenantGuid } from "@/lib/entra/tenant-ids";

/**
 * The user who already holds an Entra identity (tid:oid) through another Entra-family provider — the platform app
 * or any tenant's own Entra app. The pair is immutable and issued by Microsoft, so it is the same person; this is
 * not linking by e-mail. Generic OIDC accounts (iss#sub) never match.
 */
export async function findEntraIdentityOwner(db: Database, provider: string, providerAccountId: string) {
  const [tid, oid] = providerAccountId.split(":");
  if (!isTenantGuid(tid) || !oid || !(provider === "microsoft-entra-id" || provider.startsWith("t-"))) return null;
  const [row] = await db
    .select({ user: users })
    .from(accounts)
    .innerJoin(users, eq(users.id, accounts.userId))
    .where(and(eq(accounts.providerAccountId, providerAccountId), or(eq(accounts.provider, "microsoft-entra-id"), like(accounts.provider, "t-%"))))
    .limit(1);
  return row?.user ?? null;
}
