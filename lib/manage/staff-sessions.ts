import { randomBytes } from "node:crypto";
import { eq } from "drizzle-orm";
import type { Database } from "@/db/client";
import { staffSessions, staffUsers } from "@/db/schema";
import type { StaffRole } from "./staff-sign-in";

/** A staff session lasts at most 8 hours from sign-in and is never extended. */
export const STAFF_SESSION_MAX_AGE_SECONDS = 8 * 60 * 60;

export type SignedInStaff = { id: string; name: string | null; email: string | null; role: StaffRole; sessionExpires: Date };

export function newStaffSessionToken(): string {
  return randomBytes(32).toString("base64url");
}

/** The staff session and its staff member, in one round trip; null when the row is gone or expired. */
export async function loadStaffSession(db: Database, sessionToken: string, now: Date) {
  const [row] = await db
    .select({
      session: { sessionToken: staffSessions.sessionToken, userId: staffSessions.staffUserId, expires: staffSessions.expires },
      staff: { id: staffUsers.id, name: staffUsers.name, email: staffUsers.email, role: staffUsers.role },
    })
    .from(staffSessions)
    .innerJoin(staffUsers, eq(staffUsers.id, staffSessions.staffUserId))
    .where(eq(staffSessions.sessionToken, sessionToken));
  if (!row || row.session.expires <= now) return null;
  const staff: SignedInStaff = { ...row.staff, sessionExpires: row.session.expires };
  // Auth.js wants an AdapterUser (string e-mail, emailVerified); `gatehouseStaff` is what the console reads.
  return {
    session: row.session,
    user: { id: row.staff.id, name: row.staff.name, email: row.staff.email ?? "", emailVerified: null, gatehouseStaff: staff },
  };
}

export async function deleteStaffSession(db: Database, sessionToken: string) {
  const [row] = await db.delete(staffSessions).where(eq(staffSessions.sessionToken, sessionToken)).returning({ staffUserId: staffSessions.staffUserId });
  return row;
}
