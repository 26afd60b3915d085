import { and, asc, count, eq, ilike, inArray, like, or } from "drizzle-orm";
import type { Database } from "@/db/client";
import { accounts, mcpProvisionedUsers, tenantMemberships, users } from "@/db/schema";

/**
 * The Entra users a workspace lets through the MCP gateway, by Object ID (seed 001: no auto-provisioning). A
 * provisioned person is a Gatehouse user and a member of the workspace: the user who already holds their Entra
 * identity (`tid:oid`, through the platform app or any tenant's Entra SSO), or a new one holding it through this
 * workspace's SSO provider (`t-<key>`), so their later SSO sign-in reaches the same user — never found by e-mail.
 * The gateway reads one row per request (with the membership), so removing either refuses the next request.
 */
export type ProvisionedUser = { oid: string; email: string; userId: string };
export type ProvisioningTarget = { tenantId: string; workspaceKey: string; entraTenantId: string };

export async function findProvisionedUser(db: Database, tenantId: string, oid: string): Promise<ProvisionedUser | undefined> {
  const [row] = await db
    .select({ oid: mcpProvisionedUsers.oid, email: mcpProvisionedUsers.email, userId: mcpProvisionedUsers.userId })
    .from(mcpProvisionedUsers)
    .innerJoin(tenantMemberships, and(eq(tenantMemberships.tenantId, mcpProvisionedUsers.tenantId), eq(tenantMemberships.userId, mcpProvisionedUsers.userId)))
    .where(and(eq(mcpProvisionedUsers.tenantId, tenantId), eq(mcpProvisionedUsers.oid, oid.toLowerCase())))
    .limit(1);
  return row;
}

const CHUNK = 1000;
type Transaction = Parameters<Parameters<Database["transaction"]>[0]>[0];

/**
 * Provisions people (already checked: lower-case GUID `oid`, clean e-mail, no duplicates, none provisioned) in the
 * caller's transaction, a thousand at a time: the holders of their Entra identities are found in one query per
 * chunk; the others become new users (with the e-mail when nobody holds it) holding the identity; all become
 * members; then the provisioning rows are written.
 */
export async function provisionPeople(tx: Transaction, target: ProvisioningTarget, people: { oid: string; email: string }[], createdBy: string | null, now: Date): Promise<void> {
  for (let i = 0; i < people.length; i += CHUNK) {
    const chunk = people.slice(i, i + CHUNK);
    const identityOf = (oid: string) => `${target.entraTenantId}:${oid}`;
    const holders = await tx
      .select({ userId: accounts.userId, identity: accounts.providerAccountId })
      .from(accounts)
      .where(and(inArray(accounts.providerAccountId, chunk.map((p) => identityOf(p.oid))), or(eq(accounts.provider, "microsoft-entra-id"), like(accounts.provider, "t-%"))));
    const userOf = new Map(holders.map((h) => [h.identity, h.userId]));
    const newcomers = chunk.filter((p) => !userOf.has(identityOf(p.oid)));
    if (newcomers.length) {
      const held = new Set(
        (await tx.select({ email: users.email }).from(users).where(inArray(users.email, newcomers.map((p) => p.email)))).map((u) => u.email),
      );
      const created = newcomers.map((p) => ({ id: crypto.randomUUID(), name: p.email, email: held.has(p.email) ? null : p.email, createdAt: now, person: p }));
      await tx.insert(users).values(created.map(({ id, name, email, createdAt }) => ({ id, name, email, createdAt })));
      await tx
        .insert(accounts)
        .values(created.map((c) => ({ userId: c.id, type: "oidc" as const, provider: `t-${target.workspaceKey}`, providerAccountId: identityOf(c.person.oid), createdAt: now })));
      for (const c of created) userOf.set(identityOf(c.person.oid), c.id);
    }
    const rows = chunk.map((p) => ({ ...p, userId: userOf.get(identityOf(p.oid))! }));
    await tx
      .insert(tenantMemberships)
      .values(rows.map((r) => ({ userId: r.userId, tenantId: target.tenantId, role: "member" as const, createdAt: now })))
      .onConflictDoNothing();
    await tx.insert(mcpProvisionedUsers).values(rows.map((r) => ({ tenantId: target.tenantId, oid: r.oid, email: r.email, userId: r.userId, createdAt: now, createdBy })));
  }
}

/** Adds one person; false when their Object ID is already provisioned in this workspace. */
export async function addProvisionedUser(db: Database, target: ProvisioningTarget, person: { oid: string; email: string }, createdBy: string | null, now: Date): Promise<boolean> {
  const oid = person.oid.toLowerCase();
  return db.transaction(async (tx) => {
    const [present] = await tx
      .select({ oid: mcpProvisionedUsers.oid })
      .from(mcpProvisionedUsers)
      .where(and(eq(mcpProvisionedUsers.tenantId, target.tenantId), eq(mcpProvisionedUsers.oid, oid)));
    if (present) return false;
    await provisionPeople(tx, target, [{ oid, email: person.email.toLowerCase() }], createdBy, now);
    return true;
  });
}

/** Removes a person's MCP access (their membership and sign-in stay: that is Settings → Users). */
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
