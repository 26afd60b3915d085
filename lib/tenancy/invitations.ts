import { createHash, randomBytes } from "node:crypto";
import { and, desc, eq, gt, isNull, sql } from "drizzle-orm";
import type { Database } from "@/db/client";
import { sessions, tenantInvitations, tenantMemberships, tenantRemovals, tenants } from "@/db/schema";
import { recordAuditEvent } from "@/lib/audit/record-audit-event";
import type { Clock } from "@/lib/time/clock";

/**
 * Invitations: a single-use link `/invite/<token>` that expires. The token is 32 random bytes; only its SHA-256 is
 * stored, so a database reader cannot use a pending invitation. Accepting is one conditional UPDATE (unused and
 * unexpired), so two browsers racing on one link cannot both get in.
 */
export const INVITATION_TTL_DAYS = 7;

export type InvitationView = { id: string; tenantId: string; tenantName: string; email: string; role: "admin" | "member"; expiresAt: Date };
export type InvitationRefusal = "invitation_invalid" | "invitation_used" | "invitation_expired" | "invitation_revoked";
export type InvitationLookup = { ok: true; invitation: InvitationView } | { ok: false; code: InvitationRefusal };

/** The condition that lets an UPDATE claim an invitation: this one, neither accepted nor revoked, not expired. */
export function claimableInvitation(invitationId: string, now: Date) {
  return and(
    eq(tenantInvitations.id, invitationId),
    isNull(tenantInvitations.acceptedAt),
    isNull(tenantInvitations.revokedAt),
    gt(tenantInvitations.expiresAt, now),
  );
}

const hashOf = (token: string) => createHash("sha256").update(token).digest("hex");

export function newInvitationToken(): { token: string; tokenHash: string } {
  const token = randomBytes(32).toString("base64url");
  return { token, tokenHash: hashOf(token) };
}

export async function findInvitation(db: Database, token: unknown, clock: Clock): Promise<InvitationLookup> {
  if (typeof token !== "string" || !/^[A-Za-z0-9_-]{43}$/.test(token)) return { ok: false, code: "invitation_invalid" };
  const [row] = await db
    .select({ invitation: tenantInvitations, tenantName: tenants.name, tenantStatus: tenants.status })
    .from(tenantInvitations)
    .innerJoin(tenants, eq(tenants.id, tenantInvitations.tenantId))
    .where(eq(tenantInvitations.tokenHash, hashOf(token)));
  if (!row || row.tenantStatus !== "active") return { ok: false, code: "invitation_invalid" };
  if (row.invitation.acceptedAt) return { ok: false, code: "invitation_used" };
  if (row.invitation.revokedAt) return { ok: false, code: "invitation_revoked" };
  if (row.invitation.expiresAt <= clock.now()) return { ok: false, code: "invitation_expired" };
  const { id, tenantId, email, role, expiresAt } = row.invitation;
  return { ok: true, invitation: { id, tenantId, tenantName: row.tenantName, email, role, expiresAt } };
}

/**
 * Makes the signed-in user a member of the invitation's tenant with its role (an existing membership is raised to
 * it), and points their current session at that tenant.
 */
export async function acceptInvitation(
  db: Database,
  input: { token: string; userId: string; sessionToken: string; clientIp: string },
  clock: Clock,
): Promise<{ ok: true; tenantId: string } | { ok: false; code: InvitationRefusal }> {
  const found = await findInvitation(db, input.token, clock);
  if (!found.ok) return found;
  const { invitation } = found;
  const accepted = await db.transaction(async (tx) => {
    const [claimed] = await tx
      .update(tenantInvitations)
      .set({ acceptedAt: clock.now(), acceptedByUserId: input.userId })
      .where(claimableInvitation(invitation.id, clock.now()))
      .returning({ id: tenantInvitations.id });
    if (!claimed) return false;
    await tx
      .insert(tenantMemberships)
      .values({ userId: input.userId, tenantId: invitation.tenantId, role: invitation.role, createdAt: clock.now() })
      // An existing member is raised to the invited role, never lowered from admin.
      .onConflictDoUpdate({
        target: [tenantMemberships.tenantId, tenantMemberships.userId],
        set: { role: sql`case when ${tenantMemberships.role} = 'admin' then 'admin'::tenant_role else excluded.role end` },
      });
    // An invitation is an admin's say-so: it lifts an earlier removal from this tenant.
    await tx.delete(tenantRemovals).where(and(eq(tenantRemovals.tenantId, invitation.tenantId), eq(tenantRemovals.userId, input.userId)));
    await tx.update(sessions).set({ tenantId: invitation.tenantId }).where(eq(sessions.sessionToken, input.sessionToken));
    return true;
  });
  if (!accepted) return { ok: false, code: "invitation_used" };
  await recordAuditEvent(
    db,
    {
      kind: "invitation.accepted",
      outcome: "success",
      actor: { type: "user", id: input.userId },
      tenantId: invitation.tenantId,
      clientIp: input.clientIp,
      detail: { invitation: invitation.id, role: invitation.role },
    },
    clock,
  );
  return { ok: true, tenantId: invitation.tenantId };
}

export type PendingInvitation = { id: string; email: string; role: "admin" | "member"; expiresAt: Date; expired: boolean };

/** A tenant's invitations that were neither accepted nor revoked, newest first (expired ones marked: staff re-issue them). */
export async function listPendingInvitations(db: Database, tenantId: string, clock: Clock): Promise<PendingInvitation[]> {
  const rows = await db
    .select({ id: tenantInvitations.id, email: tenantInvitations.email, role: tenantInvitations.role, expiresAt: tenantInvitations.expiresAt })
    .from(tenantInvitations)
    .where(and(eq(tenantInvitations.tenantId, tenantId), isNull(tenantInvitations.acceptedAt), isNull(tenantInvitations.revokedAt)))
    .orderBy(desc(tenantInvitations.createdAt));
  return rows.map((r) => ({ ...r, expired: r.expiresAt <= clock.now() }));
}
