import { and, asc, count, eq, gt } from "drizzle-orm";
import type { Database } from "@/db/client";
import { isRowId } from "@/db/row-id";
import { accounts, passwordCredentials, sessions, tenantMemberships, tenants, users } from "@/db/schema";
import { deleteSessionsOfUser } from "@/lib/auth/sessions";
import type { Clock } from "@/lib/time/clock";
import { revokeCredentials } from "@/lib/tenancy/revoke-credentials";
import { recordStaffAction, type StaffActor } from "./staff-audit";

export type UserDetail = {
  user: { id: string; name: string | null; email: string | null; createdAt: Date; lastSignInAt: Date | null };
  login: string | null;
  identities: { provider: string; account: string }[];
  memberships: { tenantId: string; tenantName: string; tenantStatus: "active" | "disabled"; role: "admin" | "member" }[];
  activeSessions: number;
};

/** A tenant user as staff see them: identities (provider and immutable key), workspaces, live sessions. */
export async function loadUserDetail(db: Database, userId: string, clock: Clock): Promise<UserDetail | undefined> {
  if (!isRowId(userId)) return undefined;
  const [user] = await db
    .select({ id: users.id, name: users.name, email: users.email, createdAt: users.createdAt, lastSignInAt: users.lastSignInAt })
    .from(users)
    .where(eq(users.id, userId));
  if (!user) return undefined;
  const [credential, identities, memberships, [live]] = await Promise.all([
    db.select({ login: passwordCredentials.login }).from(passwordCredentials).where(eq(passwordCredentials.userId, userId)),
    db.select({ provider: accounts.provider, account: accounts.providerAccountId }).from(accounts).where(eq(accounts.userId, userId)).orderBy(asc(accounts.provider)),
    db
      .select({ tenantId: tenants.id, tenantName: tenants.name, tenantStatus: tenants.status, role: tenantMemberships.role })
      .from(tenantMemberships)
      .innerJoin(tenants, eq(tenants.id, tenantMemberships.tenantId))
      .where(eq(tenantMemberships.userId, userId))
      .orderBy(asc(tenants.name)),
    db.select({ n: count() }).from(sessions).where(and(eq(sessions.userId, userId), gt(sessions.expires, clock.now()))),
  ]);
  return { user, login: credential[0]?.login ?? null, identities, memberships, activeSessions: live?.n ?? 0 };
}

/**
 * "End all sessions": every session of the user, in every workspace, ends at its next request, and every other
 * credential they hold (API keys, OAuth grants and their refresh tokens) is revoked with it, in one transaction.
 */
export async function endAllSessionsOfUser(
  db: Database,
  input: { userId: string; staff: StaffActor; clientIp: string },
  clock: Clock,
): Promise<{ ok: true; endedSessions: number } | { ok: false; code: "user_not_found" }> {
  const [user] = isRowId(input.userId) ? await db.select({ id: users.id }).from(users).where(eq(users.id, input.userId)) : [];
  if (!user) return { ok: false, code: "user_not_found" };
  const { endedSessions, revoked } = await db.transaction(async (tx) => ({
    endedSessions: await deleteSessionsOfUser(tx as unknown as Database, input.userId),
    revoked: await revokeCredentials(tx as unknown as Database, { userId: input.userId }, clock),
  }));
  await recordStaffAction(
    db,
    { staff: input.staff, kind: "user.sessions_ended", clientIp: input.clientIp, detail: { userId: input.userId, endedSessions, revokedApiKeys: revoked.apiKeys, revokedGrants: revoked.grants } },
    clock,
  );
  return { ok: true, endedSessions };
}
