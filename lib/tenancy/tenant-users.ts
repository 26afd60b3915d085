import { and, count, eq, ilike, or, sql, type AnyColumn, type SQL } from "drizzle-orm";
import type { Database } from "@/db/client";
import { accounts, passwordCredentials, tenantMemberships, tenants, users } from "@/db/schema";
import { containsPattern } from "@/lib/text/like-pattern";
import type { SortDirection, TenantUserSort, TenantUsersQuery } from "./tenant-users-query";

export const TENANT_USERS_PAGE_SIZE = 50;

/** How a user can sign in: a password credential, the platform Microsoft app, or the tenant's own SSO (`t-<key>`). */
export type SignInMethod = "password" | "microsoft" | "sso";

export type TenantUser = {
  id: string;
  name: string | null;
  /** The e-mail, or the password login when the user has no e-mail (the break-glass `admin`). */
  email: string | null;
  /** An address the user's IdP asserted without vouching for it: shown as unverified, never as their e-mail. */
  unverifiedEmail: string | null;
  role: "admin" | "member";
  signInMethods: SignInMethod[];
  /**
   * Signs in through this workspace's own SSO, whose app roles set the role at every sign-in: a role changed here
   * would be overwritten, so the page offers no control and says why.
   */
  roleManagedBySso: boolean;
  lastSignInAt: Date | null;
};

export type TenantUsersPage = TenantUsersQuery & { pageSize: number; total: number; users: TenantUser[] };

type SortKey = SQL | SQL.Aliased | AnyColumn;
type SortKeys = { name: SortKey; email: SortKey; role: SortKey; lastSignIn: SortKey; id: SortKey };

/**
 * The ORDER BY of a sort. Every order ends on the user id, so equal keys never swap between pages. Missing names
 * and e-mails go last either way; a user who never signed in counts as the oldest sign-in.
 */
function orderBy(keys: SortKeys, sort: TenantUserSort, dir: SortDirection): SQL[] {
  const direction = sql.raw(dir === "desc" ? "desc" : "asc");
  const byNameThenId = [sql`${keys.name} asc nulls last`, sql`${keys.id} asc`];
  switch (sort) {
    case "name":
      return [sql`${keys.name} ${direction} nulls last`, sql`${keys.id} asc`];
    case "email":
      return [sql`${keys.email} ${direction} nulls last`, sql`${keys.id} asc`];
    case "role":
      return [sql`${keys.role} ${direction}`, ...byNameThenId];
    case "lastSignIn":
      return [sql`${keys.lastSignIn} ${direction} ${sql.raw(dir === "asc" ? "nulls first" : "nulls last")}`, ...byNameThenId];
  }
}

/**
 * One page of a tenant's users, sorted and paged in SQL: two statements, whatever the tenant's size, and never
 * more than 50 users in memory here.
 *
 * The inner query finds the page. The tenant's memberships come from the primary key's (tenant_id, user_id)
 * prefix and are joined to their users by primary key; Postgres keeps only the best OFFSET + 50 rows while sorting
 * (a bounded top-N sort). No index can hand out rows in the requested order, because the tenant and the sort
 * columns live in different tables, so each page costs one pass over the tenant's members: about 30 ms for 10,000
 * of them among 100,000 users (bench/tenant-users-listing.ts). The password login is read only for users without
 * an e-mail: COALESCE stops at the first non-null argument.
 *
 * The outer query asks password_credential and account (account_user_id_idx) about those 50 rows only, and
 * re-sorts them because SQL does not promise that a subquery's order survives.
 *
 * A search (part of a name, e-mail or password login, case-insensitive) narrows both the page and the count.
 */
export async function listTenantUsers(db: Database, tenantId: string, query: TenantUsersQuery): Promise<TenantUsersPage> {
  const name = sql<string | null>`lower(${users.name})`;
  const email = sql<string | null>`coalesce(${users.email}, (select ${passwordCredentials.login} from ${passwordCredentials} where ${passwordCredentials.userId} = ${users.id}))`;
  const members = and(
    eq(tenantMemberships.tenantId, tenantId),
    query.search ? or(ilike(users.name, containsPattern(query.search)), sql`${email} ilike ${containsPattern(query.search)}`) : undefined,
  );
  const pageRows = db
    .select({
      id: tenantMemberships.userId,
      name: users.name,
      nameKey: name.as("name_key"),
      email: email.as("email"),
      unverifiedEmail: users.unverifiedEmail,
      role: tenantMemberships.role,
      lastSignInAt: users.lastSignInAt,
    })
    .from(tenantMemberships)
    .innerJoin(users, eq(users.id, tenantMemberships.userId))
    .where(members)
    .orderBy(...orderBy({ name, email, role: tenantMemberships.role, lastSignIn: users.lastSignInAt, id: tenantMemberships.userId }, query.sort, query.dir))
    .limit(TENANT_USERS_PAGE_SIZE)
    .offset((query.page - 1) * TENANT_USERS_PAGE_SIZE)
    .as("page");

  // Spelled out with its alias: Drizzle leaves a lone subquery's columns unqualified, and a bare "user_id" inside
  // these subqueries would mean their own table's column.
  const pageUserId = sql`${sql.identifier("page")}.${sql.identifier("user_id")}`;
  const hasPassword = sql<boolean>`exists (select 1 from ${passwordCredentials} where ${passwordCredentials.userId} = ${pageUserId})`;
  const hasAccount = (provider: SQL) => sql<boolean>`exists (select 1 from ${accounts} where ${accounts.userId} = ${pageUserId} and ${provider})`;
  const ownSsoProvider = sql`(select 't-' || ${tenants.key} from ${tenants} where ${tenants.id} = ${tenantId})`;
  const [rows, [counted]] = await Promise.all([
    db
      .select({
        id: pageRows.id,
        name: pageRows.name,
        email: pageRows.email,
        unverifiedEmail: pageRows.unverifiedEmail,
        role: pageRows.role,
        lastSignInAt: pageRows.lastSignInAt,
        hasPassword,
        hasMicrosoft: hasAccount(sql`${accounts.provider} = 'microsoft-entra-id'`),
        hasSso: hasAccount(sql`${accounts.provider} like 't-%'`),
        hasOwnSso: hasAccount(sql`${accounts.provider} = ${ownSsoProvider}`),
      })
      .from(pageRows)
      .orderBy(
        ...orderBy({ name: pageRows.nameKey, email: pageRows.email, role: pageRows.role, lastSignIn: pageRows.lastSignInAt, id: pageRows.id }, query.sort, query.dir),
      ),
    db.select({ total: count() }).from(tenantMemberships).innerJoin(users, eq(users.id, tenantMemberships.userId)).where(members),
  ]);
  const total = counted?.total ?? 0;

  return {
    ...query,
    pageSize: TENANT_USERS_PAGE_SIZE,
    total,
    users: rows.map((row) => ({
      id: row.id,
      name: row.name,
      email: row.email,
      unverifiedEmail: row.unverifiedEmail,
      role: row.role,
      signInMethods: [
        ...(row.hasPassword ? (["password"] as const) : []),
        ...(row.hasMicrosoft ? (["microsoft"] as const) : []),
        ...(row.hasSso ? (["sso"] as const) : []),
      ],
      roleManagedBySso: row.hasOwnSso,
      lastSignInAt: row.lastSignInAt,
    })),
  };
}
