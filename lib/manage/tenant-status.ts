import { eq } from "drizzle-orm";
import type { Database } from "@/db/client";
import { isRowId } from "@/db/row-id";
import { sessions, tenants } from "@/db/schema";
import { forgetTenantSso } from "@/lib/sso/tenant-sso-cache";
import type { Clock } from "@/lib/time/clock";
import { revokeCredentials } from "@/lib/tenancy/revoke-credentials";
import { recordStaffAction, type StaffActor } from "./staff-audit";

/**
 * Disables or re-enables a tenant. Disabling ends, in the same transaction, every session acting for the tenant and
 * revokes its API keys, OAuth grants and machine secrets: its users' and machines' next request is refused, and its
 * people cannot sign in while it stays disabled.
 */
export async function setTenantStatus(
  db: Database,
  input: { tenantId: string; status: unknown; staff: StaffActor; clientIp: string },
  clock: Clock,
): Promise<{ ok: true; endedSessions: number } | { ok: false; code: "tenant_not_found" | "tenant_status_invalid" }> {
  if (!isRowId(input.tenantId)) return { ok: false, code: "tenant_not_found" };
  if (input.status !== "active" && input.status !== "disabled") return { ok: false, code: "tenant_status_invalid" };
  const status = input.status;
  const result = await db.transaction(async (tx) => {
    const [tenant] = await tx.update(tenants).set({ status }).where(eq(tenants.id, input.tenantId)).returning({ key: tenants.key });
    if (!tenant) return undefined;
    const ended = status === "disabled" ? await tx.delete(sessions).where(eq(sessions.tenantId, input.tenantId)).returning({ t: sessions.sessionToken }) : [];
    // A disabled workspace's API keys and OAuth grants are revoked with its sessions: enabling it again restores none.
    const revoked = status === "disabled" ? await revokeCredentials(tx as unknown as Database, { tenantId: input.tenantId }, clock) : { apiKeys: 0, grants: 0, machineSecrets: 0 };
    return { key: tenant.key, endedSessions: ended.length, revoked };
  });
  if (!result) return { ok: false, code: "tenant_not_found" };
  forgetTenantSso(result.key);
  await recordStaffAction(
    db,
    { staff: input.staff, kind: status === "disabled" ? "tenant.disabled" : "tenant.enabled", tenantId: input.tenantId, clientIp: input.clientIp, detail: { endedSessions: result.endedSessions, revokedApiKeys: result.revoked.apiKeys, revokedGrants: result.revoked.grants, revokedMachineSecrets: result.revoked.machineSecrets } },
    clock,
  );
  return { ok: true, endedSessions: result.endedSessions };
}
