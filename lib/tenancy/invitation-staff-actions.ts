import { and, eq, isNull } from "drizzle-orm";
import type { Database } from "@/db/client";
import { tenantInvitations, tenants } from "@/db/schema";
import { recordStaffAction, type StaffActor } from "@/lib/manage/staff-audit";
import type { Clock } from "@/lib/time/clock";
import { INVITATION_TTL_DAYS, newInvitationToken } from "./invitations";

export type InvitationStaffResult = { ok: false; code: "invitation_not_found" };

/** The pending invitation (neither accepted nor revoked) with this id in this tenant, claimed for revocation. */
async function revokePending(db: Database, input: { invitationId: string; tenantId: string }, now: Date) {
  const [revoked] = await db
    .update(tenantInvitations)
    .set({ revokedAt: now })
    .where(
      and(
        eq(tenantInvitations.id, input.invitationId),
        eq(tenantInvitations.tenantId, input.tenantId),
        isNull(tenantInvitations.acceptedAt),
        isNull(tenantInvitations.revokedAt),
      ),
    )
    .returning({ id: tenantInvitations.id, email: tenantInvitations.email, role: tenantInvitations.role });
  return revoked;
}

/** Staff withdraw a pending invitation: its link stops working at once ("This invitation was withdrawn."). */
export async function revokeInvitation(
  db: Database,
  input: { invitationId: string; tenantId: string; staff: StaffActor; clientIp: string },
  clock: Clock,
): Promise<{ ok: true; email: string } | InvitationStaffResult> {
  const revoked = await revokePending(db, input, clock.now());
  await recordStaffAction(
    db,
    {
      staff: input.staff,
      kind: "invitation.revoked",
      outcome: revoked ? "success" : "failure",
      tenantId: input.tenantId,
      clientIp: input.clientIp,
      detail: revoked ? { invitation: input.invitationId, email: revoked.email } : { invitation: input.invitationId, reason: "invitation_not_found" },
    },
    clock,
  );
  return revoked ? { ok: true, email: revoked.email } : { ok: false, code: "invitation_not_found" };
}

/**
 * Staff re-issue a pending (or expired) invitation: the old link is revoked and a new one, valid 7 days from now,
 * is created for the same address and role in one transaction. The new token is returned once, to be mailed and
 * shown; only its hash is kept.
 */
export async function reissueInvitation(
  db: Database,
  input: { invitationId: string; tenantId: string; staff: StaffActor; clientIp: string },
  clock: Clock,
): Promise<{ ok: true; token: string; email: string; role: "admin" | "member"; tenantName: string; expiresAt: Date } | InvitationStaffResult> {
  const { token, tokenHash } = newInvitationToken();
  const expiresAt = new Date(clock.now().getTime() + INVITATION_TTL_DAYS * 24 * 60 * 60 * 1000);
  const issued = await db.transaction(async (tx) => {
    const old = await revokePending(tx as unknown as Database, input, clock.now());
    if (!old) return undefined;
    const [tenant] = await tx.select({ name: tenants.name }).from(tenants).where(eq(tenants.id, input.tenantId));
    const [created] = await tx
      .insert(tenantInvitations)
      .values({ tenantId: input.tenantId, email: old.email, role: old.role, tokenHash, expiresAt, createdByStaffId: input.staff.id, createdAt: clock.now() })
      .returning({ id: tenantInvitations.id });
    return { email: old.email, role: old.role, tenantName: tenant!.name, newId: created!.id };
  });
  await recordStaffAction(
    db,
    {
      staff: input.staff,
      kind: "invitation.reissued",
      outcome: issued ? "success" : "failure",
      tenantId: input.tenantId,
      clientIp: input.clientIp,
      detail: issued
        ? { invitation: input.invitationId, newInvitation: issued.newId, email: issued.email, expiresAt: expiresAt.toISOString() }
        : { invitation: input.invitationId, reason: "invitation_not_found" },
    },
    clock,
  );
  if (!issued) return { ok: false, code: "invitation_not_found" };
  return { ok: true, token, email: issued.email, role: issued.role, tenantName: issued.tenantName, expiresAt };
}
