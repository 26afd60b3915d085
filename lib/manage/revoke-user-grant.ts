import type { Database } from "@/db/client";
import { revokeConsent } from "@/lib/oauth/consents";
import type { Clock } from "@/lib/time/clock";
import { recordStaffAction, type StaffActor } from "./staff-audit";

/**
 * Staff.Admin revokes an app a person connected (the console's user page): the person's own Revoke (consent, grant
 * and every token of it, in one transaction), with the staff action audited beside it in the same transaction. A
 * grant that is not there is refused, and the refusal audited with a reference.
 */
export async function revokeUserGrant(
  db: Database,
  input: { userId: string; clientId: string; staff: StaffActor; clientIp: string },
  clock: Clock,
): Promise<{ ok: true } | { ok: false; code: "grant_not_found"; reference: string }> {
  const detail = { userId: input.userId.slice(0, 100), clientId: input.clientId.slice(0, 200) };
  const revoked = await db.transaction(async (tx) => {
    const done = await revokeConsent(tx as unknown as Database, { userId: input.userId, clientIp: input.clientIp }, input.clientId, clock, { auditedByCaller: true });
    if (done) await recordStaffAction(tx as unknown as Database, { staff: input.staff, kind: "oauth.grant_revoked", clientIp: input.clientIp, detail }, clock);
    return done;
  });
  if (revoked) return { ok: true };
  const reference = await recordStaffAction(
    db,
    { staff: input.staff, kind: "oauth.grant_revoked", outcome: "failure", clientIp: input.clientIp, detail: { ...detail, reason: "grant_not_found" } },
    clock,
  );
  return { ok: false, code: "grant_not_found", reference };
}
