import { and, eq } from "drizzle-orm";
import type { Adapter, AdapterUser } from "next-auth/adapters";
import type { Database } from "@/db/client";
import { staffAccounts, staffSessions, staffUsers } from "@/db/schema";
import { recordAuditEvent } from "@/lib/audit/record-audit-event";
import type { Clock } from "@/lib/time/clock";
import { deleteStaffSession, loadStaffSession } from "./staff-sessions";
import type { StaffIdentity } from "./staff-sign-in";

/**
 * The console instance's Auth.js adapter, over the staff tables only: nothing here can read or write a tenant user,
 * account or session. `accepted` is the staff identity the signIn callback of the same request let through; users
 * and sessions are only ever created for it. Name, e-mail and role are refreshed at every sign-in, and sessions are
 * never extended (`updateSession` keeps the expiry set at sign-in).
 */
export function staffAdapter(db: Database, clock: Clock, context: { accepted: () => StaffIdentity | undefined; clientIp: string }): Adapter {
  const toAdapterUser = (row: { id: string; name: string | null; email: string | null }): AdapterUser => ({
    id: row.id,
    name: row.name,
    email: row.email ?? "",
    emailVerified: null,
  });
  const mustAccept = () => {
    const identity = context.accepted();
    if (!identity) throw new Error("staff write outside an accepted sign-in");
    return identity;
  };
  return {
    async getUser(id) {
      const [row] = await db.select().from(staffUsers).where(eq(staffUsers.id, id));
      return row ? toAdapterUser(row) : null;
    },
    getUserByEmail: async () => null,
    async getUserByAccount({ provider, providerAccountId }) {
      const [row] = await db
        .select({ user: staffUsers })
        .from(staffAccounts)
        .innerJoin(staffUsers, eq(staffUsers.id, staffAccounts.staffUserId))
        .where(and(eq(staffAccounts.provider, provider), eq(staffAccounts.providerAccountId, providerAccountId)));
      return row ? toAdapterUser(row.user) : null;
    },
    async createUser() {
      const identity = mustAccept();
      const [row] = await db.insert(staffUsers).values({ name: identity.name, email: identity.email, role: identity.role, createdAt: clock.now() }).returning();
      return toAdapterUser(row!);
    },
    async updateUser(user) {
      const [row] = await db.select().from(staffUsers).where(eq(staffUsers.id, user.id!));
      return toAdapterUser(row!);
    },
    async linkAccount(account) {
      const identity = mustAccept();
      // A staff member has exactly one identity (also a unique index): never link a second one to an existing user.
      const [existing] = await db.select({ id: staffAccounts.providerAccountId }).from(staffAccounts).where(eq(staffAccounts.staffUserId, account.userId));
      if (existing || account.providerAccountId !== identity.providerAccountId) throw new Error("linking another identity to a staff member");
      await db.insert(staffAccounts).values({ provider: account.provider, providerAccountId: account.providerAccountId, staffUserId: account.userId });
    },
    async createSession({ sessionToken, userId, expires }) {
      const identity = mustAccept();
      await db
        .update(staffUsers)
        .set({ name: identity.name, email: identity.email, role: identity.role, lastSignInAt: clock.now() })
        .where(eq(staffUsers.id, userId));
      await db.insert(staffSessions).values({ sessionToken, staffUserId: userId, expires, createdAt: clock.now() });
      await recordAuditEvent(
        db,
        {
          kind: "staff.sign_in",
          outcome: "success",
          actor: { type: "staff", id: userId, label: identity.email ?? identity.providerAccountId },
          clientIp: context.clientIp,
          detail: { account: identity.providerAccountId, role: identity.role },
        },
        clock,
      );
      return { sessionToken, userId, expires };
    },
    getSessionAndUser: (sessionToken) => loadStaffSession(db, sessionToken, clock.now()),
    async updateSession({ sessionToken }) {
      const [row] = await db.select().from(staffSessions).where(eq(staffSessions.sessionToken, sessionToken));
      return row ? { sessionToken, userId: row.staffUserId, expires: row.expires } : null;
    },
    async deleteSession(sessionToken) {
      await deleteStaffSession(db, sessionToken);
    },
  };
}
