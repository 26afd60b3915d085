import { and, eq, notExists } from "drizzle-orm";
import type { Database } from "@/db/client";
import { accounts, users } from "@/db/schema";

/**
 * Two first sign-ins of the same identity at the same moment (a double click, two tabs) both find no account,
 * both create a user, and both link the identity: the second link would break on the account's primary key and
 * leave its user behind. Linking is therefore idempotent, and the session goes to whichever user holds the identity;
 * the user the losing sign-in created, which holds nothing, is removed.
 */
export async function linkIdentity(db: Database, account: { userId: string; type: string; provider: string; providerAccountId: string }): Promise<void> {
  await db
    .insert(accounts)
    .values({ userId: account.userId, type: account.type as "oidc", provider: account.provider, providerAccountId: account.providerAccountId })
    .onConflictDoNothing();
}

export async function ownerOfIdentity(db: Database, identity: { provider: string; providerAccountId: string }, userId: string): Promise<string> {
  const [owner] = await db
    .select({ userId: accounts.userId })
    .from(accounts)
    .where(and(eq(accounts.provider, identity.provider), eq(accounts.providerAccountId, identity.providerAccountId)));
  if (!owner || owner.userId === userId) return userId;
  await db.delete(users).where(and(eq(users.id, userId), notExists(db.select({ one: accounts.userId }).from(accounts).where(eq(accounts.userId, userId)))));
  return owner.userId;
}
