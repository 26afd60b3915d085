import { eq } from "drizzle-orm";
import type { Adapter } from "next-auth/adapters";
import type { Database } from "@/db/client";
import { staffSessions } from "@/db/schema";
import { reportingDatabaseFailure } from "@/lib/health/database-failure";
import type { Clock } from "@/lib/time/clock";
import { deleteStaffSession, loadStaffSession } from "./staff-sessions";

/**
 * What the console's Auth.js instance may do with the staff tables: read a session with its staff member, and end
 * one. Nothing here creates a staff user or session (the sign-in engine does, in one transaction), and a session
 * is never extended: `updateSession` keeps the expiry set at sign-in.
 */
export function staffAdapter(db: Database, clock: Clock): Adapter {
  // Auth.js insists on the sign-in methods of a database-session adapter even when it signs nobody in.
  const signsNobodyIn = async (): Promise<never> => {
    throw new Error("the console's Auth.js instance signs nobody in (lib/server/routes/staff-sign-in.ts does)");
  };
  return {
    createUser: signsNobodyIn,
    getUser: signsNobodyIn,
    getUserByEmail: signsNobodyIn,
    getUserByAccount: signsNobodyIn,
    updateUser: signsNobodyIn,
    linkAccount: signsNobodyIn,
    createSession: signsNobodyIn,
    getSessionAndUser: (sessionToken) => loadStaffSession(db, sessionToken, clock.now()).catch(reportingDatabaseFailure),
    async updateSession({ sessionToken }) {
      const [row] = await db.select().from(staffSessions).where(eq(staffSessions.sessionToken, sessionToken));
      return row ? { sessionToken, userId: row.staffUserId, expires: row.expires } : null;
    },
    async deleteSession(sessionToken) {
      await deleteStaffSession(db, sessionToken);
    },
  };
}
