import { and, eq } from "drizzle-orm";
import type { Database } from "@/db/client";
import { isRowId } from "@/db/row-id";
import { accounts, tenantMemberships, tenants } from "@/db/schema";
import { recordAuditEvent } from "@/lib/audit/record-audit-event";
import { tenantSsoProviderId } from "@/lib/signin/provider";
import type { Clock } from "@/lib/time/clock";
import { lockAdminsAndTarget } from "./lock-admins";

export type ChangeMemberRoleInput = {
  /** The admin's tenant, from their session: never from the request, so no admin reaches another tenant. */
  tenantId: string;
  userId: string;
  role: unknown;
  actor: { id: string; label: string | null };
  clientIp: string;
};

export type ChangeMemberRoleRefusal = "role_invalid" | "tenant_user_not_found" | "role_managed_by_sso" | "last_admin";

export type ChangeMemberRoleResult = { ok: true; role: "admin" | "member"; changed: boolean } | { ok: false; code: ChangeMemberRoleRefusal; reference: string };

/**
 * An admin makes a member an admin or an admin a member. Refused for someone whose role this workspace's SSO sets
 * at every sign-in (the change would be undone at their next sign-in: the directory is where it is changed), and
 * for the last admin (a workspace needs one). The admins' memberships and the target's are locked first, so two
 * admins demoting each other at once are serialised and one is refused. Every change and every refusal is audited
 * with the actor; a refusal's reference is shown with its message.
 */
export async function changeMemberRole(db: Database, input: ChangeMemberRoleInput, clock: Clock): Promise<ChangeMemberRoleResult> {
  const outcome = await db.transaction(async (tx) => {
    if (input.role !== "admin" && input.role !== "member") return { ok: false, code: "role_invalid" } as const;
    const role = input.role;
    if (!isRowId(input.userId)) return { ok: false, code: "tenant_user_not_found" } as const;
    const target = await lockAdminsAndTarget(tx as unknown as Database, input.tenantId, input.userId);
    if (!target) return { ok: false, code: "tenant_user_not_found" } as const;
    const [tenant] = await tx.select({ key: tenants.key }).from(tenants).where(eq(tenants.id, input.tenantId));
    const [ssoIdentity] = await tx
      .select({ userId: accounts.userId })
      .from(accounts)
      .where(and(eq(accounts.userId, input.userId), eq(accounts.provider, tenantSsoProviderId(tenant!.key))))
      .limit(1);
    if (ssoIdentity) return { ok: false, code: "role_managed_by_sso", from: target.role } as const;
    if (target.role === role) return { ok: true, role, changed: false } as const;
    if (target.lastAdmin) return { ok: false, code: "last_admin", from: target.role } as const;
    await tx.update(tenantMemberships).set({ role }).where(and(eq(tenantMemberships.tenantId, input.tenantId), eq(tenantMemberships.userId, input.userId)));
    await recordAuditEvent(
      tx as unknown as Database,
      {
        kind: "tenant.role_changed",
        outcome: "success",
        actor: { type: "user", id: input.actor.id, label: input.actor.label },
        tenantId: input.tenantId,
        clientIp: input.clientIp,
        detail: { userId: input.userId, from: target.role, to: role },
      },
      clock,
    );
    return { ok: true, role, changed: true } as const;
  });
  if (outcome.ok) return outcome;
  // Refusals are recorded outside the transaction, which wrote nothing.
  const reference = await recordAuditEvent(
    db,
    {
      kind: "tenant.role_changed",
      outcome: "failure",
      actor: { type: "user", id: input.actor.id, label: input.actor.label },
      tenantId: input.tenantId,
      clientIp: input.clientIp,
      detail: { userId: input.userId.slice(0, 100), to: typeof input.role === "string" ? input.role.slice(0, 20) : null, reason: outcome.code },
    },
    clock,
  );
  return { ok: false, code: outcome.code, reference };
}
