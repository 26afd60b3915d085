import { asc, count, eq, ilike, or, sql } from "drizzle-orm";
import type { Database } from "@/db/client";
import { passwordCredentials, tenantMemberships, users } from "@/db/schema";
import { cleanText, pageNumber } from "@/lib/text/clean-text";
import { containsPattern } from "@/lib/text/like-pattern";

export const USER_PAGE_SIZE = 50;

export type UserDirectoryRow = { id: string; name: string | null; email: string | null; login: string | null; workspaces: number; lastSignInAt: Date | null };

/**
 * Every tenant user, for support: found by part of their name, e-mail or password login, whether or not they belong
 * to a workspace (someone who signed in and never created one is exactly who support gets asked about).
 */
export async function listUsers(db: Database, params: URLSearchParams): Promise<{ query: string; page: number; total: number; users: UserDirectoryRow[] }> {
  const query = cleanText(params.get("q")).slice(0, 254);
  const page = pageNumber(params.get("page"));
  const pattern = containsPattern(query);
  const where = query ? or(ilike(users.name, pattern), ilike(users.email, pattern), ilike(passwordCredentials.login, pattern)) : undefined;
  const [rows, [counted]] = await Promise.all([
    db
      .select({
        id: users.id,
        name: users.name,
        email: users.email,
        login: passwordCredentials.login,
        workspaces: sql<number>`(select count(*)::int from ${tenantMemberships} where ${tenantMemberships.userId} = ${users.id})`,
        lastSignInAt: users.lastSignInAt,
      })
      .from(users)
      .leftJoin(passwordCredentials, eq(passwordCredentials.userId, users.id))
      .where(where)
      .orderBy(asc(sql`lower(coalesce(${users.name}, ${users.email}, ${passwordCredentials.login}, ''))`), asc(users.id))
      .limit(USER_PAGE_SIZE)
      .offset((page - 1) * USER_PAGE_SIZE),
    db.select({ total: count() }).from(users).leftJoin(passwordCredentials, eq(passwordCredentials.userId, users.id)).where(where),
  ]);
  return { query, page, total: counted?.total ?? 0, users: rows.map((r) => ({ ...r, workspaces: Number(r.workspaces) })) };
}
