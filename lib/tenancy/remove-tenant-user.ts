import { and, eq } from "drizzle-orm";
import type { Database } from "@/db/client";
import { isRowId } from "@/db/row-id";
import { sessions, tenantMemberships, tenantRemovals } from "@/db/schema";
import { recordAuditEvent } from "@/lib/audit/record-audit-event";
import type { Clock } from "@/lib/time/clock";
import { lockAdminsAndTarget } from "./lock-admins";
import { revokeCredentials } from "./revoke-credentials";

export type RemoveTenantUserInput = {
  /** The admin's tenant, from their session: never from the request, so no admin reaches another tenant. */
  tenantId: string;
  userId: string;
  actor: { id: string; label: string | null };
  clientIp: string;
};

export type RemoveTenantUserResult =
  | { ok: true; endedSessions: number; revokedApiKeys: number; revokedGrants: number }
  | { ok: false; code: "tenant_user_not_found" | "last_admin" };

/**
 * Removes a user from a tenant, and with it every credential they hold for it, in one transaction: the membership,
 * every session acting for this tenant, their personal API keys made in it, and the OAuth grants (with every refresh
 * token of each) they gave clients for it — audited once, with what was revoked. The user's very next request,
 * whatever it carries, is refused (at the MCP gateway an OAuth access token already issued too, once the removal is
 * heard; a resource server verifying offline accepts it for its 15 minutes at most), and a removal is never half
 * done.
 * Sessions for the user's other tenants stay. Admins may remove themselves while another admin remains. The removal
 * is recorded, so their next sign-in into this tenant is refused rather than re-admitted by a rule.
 *
 * The tenant's admin memberships (and the target's) are locked first, so two admins removing each other at the
 * same moment are serialised: the second sees the first's removal and is refused rather than leaving no admin.
 */
export async function removeTenantUser(db: Database, input: RemoveTenantUserInput, clock: Clock): Promise<RemoveTenantUserResult> {
  if (!isRowId(input.userId)) return { ok: false, code: "tenant_user_not_found" };
  return db.transaction(async (tx) => {
    const target = await lockAdminsAndTarget(tx as unknown as Database, input.tenantId, input.userId);
    if (!target) return { ok: false, code: "tenant_user_not_found" } as const;
    if (target.lastAdmin) return { ok: false, code: "last_admin" } as const;

    await tx.delete(tenantMemberships).where(and(eq(tenantMemberships.tenantId, input.tenantId), eq(tenantMemberships.userId, input.userId)));
    // Removal sticks: no automatic rule (linked directory, verified domain, tenant SSO) re-admits them until an
    // admin adds them again or they accept an invitation.
    await tx
      .insert(tenantRemovals)
      .values({ tenantId: input.tenantId, userId: input.userId, removedAt: clock.now(), removedBy: input.actor.id })
      .onConflictDoUpdate({ target: [tenantRemovals.tenantId, tenantRemovals.userId], set: { removedAt: clock.now(), removedBy: input.actor.id } });
    const ended = await tx
      .delete(sessions)
      .where(and(eq(sessions.userId, input.userId), eq(sessions.tenantId, input.tenantId)))
      .returning({ sessionToken: sessions.sessionToken });
    const revoked = await revokeCredentials(tx as unknown as Database, { userId: input.userId, tenantId: input.tenantId }, clock);
    await recordAuditEvent(
      tx as unknown as Database,
      {
        kind: "tenant.user_removed",
        outcome: "success",
        actor: { type: "user", id: input.actor.id, label: input.actor.label },
        tenantId: input.tenantId,
        clientIp: input.clientIp,
        detail: { userId: input.userId, endedSessions: ended.length, revokedApiKeys: revoked.apiKeys, revokedGrants: revoked.grants },
      },
      clock,
    );
    return { ok: true, endedSessions: ended.length, revokedApiKeys: revoked.apiKeys, revokedGrants: revoked.grants } as const;
  });
}
