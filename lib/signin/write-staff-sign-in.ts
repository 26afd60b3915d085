import { and, eq } from "drizzle-orm";
import type { Database } from "@/db/client";
import { staffAccounts, staffSessions, staffUsers } from "@/db/schema";
import { recordAuditEvent } from "@/lib/audit/record-audit-event";
import { STAFF_SESSION_MAX_AGE_SECONDS, newStaffSessionToken } from "@/lib/manage/staff-sessions";
import { STAFF_PROVIDER_ID, type StaffIdentity } from "@/lib/manage/staff-sign-in";
import type { Clock } from "@/lib/time/clock";
import { consumeAttempt } from "./attempts";

/**
 * Writes a completed console sign-in in ONE transaction, over the staff tables only: the attempt consumed, the staff
 * member found by their (tid, oid) or created with that one identity, name, e-mail and role refreshed from the token,
 * an 8-hour session that is never extended, and the audit event.
 */
export async function writeStaffSignIn(
  db: Database,
  input: { attemptId: string; identity: StaffIdentity; clientIp: string },
  clock: Clock,
): Promise<{ ok: true; sessionToken: string; expires: Date } | { ok: false; code: "attempt_used" }> {
  const now = clock.now();
  const { identity } = input;
  return db.transaction(async (tx) => {
    if (!(await consumeAttempt(tx, { id: input.attemptId, providerId: STAFF_PROVIDER_ID, now }))) return { ok: false, code: "attempt_used" } as const;
    const profile = { name: identity.name, email: identity.email, role: identity.role, lastSignInAt: now };
    const [existing] = await tx
      .select({ id: staffAccounts.staffUserId })
      .from(staffAccounts)
      .where(and(eq(staffAccounts.provider, STAFF_PROVIDER_ID), eq(staffAccounts.providerAccountId, identity.providerAccountId)));
    let staffUserId = existing?.id;
    if (staffUserId) {
      await tx.update(staffUsers).set(profile).where(eq(staffUsers.id, staffUserId));
    } else {
      const [created] = await tx.insert(staffUsers).values({ ...profile, createdAt: now }).returning({ id: staffUsers.id });
      const linked = await tx
        .insert(staffAccounts)
        .values({ provider: STAFF_PROVIDER_ID, providerAccountId: identity.providerAccountId, staffUserId: created!.id, createdAt: now })
        .onConflictDoNothing()
        .returning({ id: staffAccounts.staffUserId });
      if (linked.length) staffUserId = created!.id;
      else {
        // A simultaneous first sign-in of the same person linked first: theirs is the staff member.
        await tx.delete(staffUsers).where(eq(staffUsers.id, created!.id));
        const [holder] = await tx.select({ id: staffAccounts.staffUserId }).from(staffAccounts).where(eq(staffAccounts.providerAccountId, identity.providerAccountId));
        staffUserId = holder!.id;
        await tx.update(staffUsers).set(profile).where(eq(staffUsers.id, staffUserId));
      }
    }
    const sessionToken = newStaffSessionToken();
    const expires = new Date(now.getTime() + STAFF_SESSION_MAX_AGE_SECONDS * 1000);
    await tx.insert(staffSessions).values({ sessionToken, staffUserId, expires, createdAt: now });
    await recordAuditEvent(
      tx,
      {
        kind: "staff.sign_in",
        outcome: "success",
        actor: { type: "staff", id: staffUserId, label: identity.email ?? identity.providerAccountId },
        clientIp: input.clientIp,
        detail: { account: identity.providerAccountId, role: identity.role },
      },
      clock,
    );
    return { ok: true, sessionToken, expires } as const;
  });
}
