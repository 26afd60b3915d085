import type { Database } from "@/db/client";
import { tenantInvitations, tenants } from "@/db/schema";
import { cleanEmail } from "@/lib/auth/oidc-identity";
import { tenantKeyFor } from "@/lib/tenancy/create-workspace";
import { INVITATION_TTL_DAYS, newInvitationToken } from "@/lib/tenancy/invitations";
import { cleanWorkspaceName } from "@/lib/tenancy/workspace-name";
import type { Clock } from "@/lib/time/clock";
import { recordStaffAction, type StaffActor } from "./staff-audit";

export type CreateTenantFieldErrors = Partial<Record<"name" | "adminEmail", string>>;

/**
 * Staff create a tenant and, in the same transaction, the single-use invitation that makes its first admin. The
 * link's token is returned once, to be handed to that person; only its hash is kept.
 */
export async function createTenantWithInvitation(
  db: Database,
  input: { name: unknown; adminEmail: unknown; staff: StaffActor; clientIp: string },
  clock: Clock,
): Promise<{ ok: true; tenantId: string; tenantKey: string; invitationToken: string; expiresAt: Date } | { ok: false; fieldErrors: CreateTenantFieldErrors }> {
  const name = cleanWorkspaceName(input.name);
  const adminEmail = cleanEmail(input.adminEmail);
  const fieldErrors: CreateTenantFieldErrors = {};
  if (!name) fieldErrors.name = "Enter a tenant name of 2 to 80 characters.";
  if (!adminEmail) fieldErrors.adminEmail = "Enter the first admin's email address, such as alex@contoso.com.";
  if (!name || !adminEmail) return { ok: false, fieldErrors };

  const { token, tokenHash } = newInvitationToken();
  const expiresAt = new Date(clock.now().getTime() + INVITATION_TTL_DAYS * 24 * 60 * 60 * 1000);
  const tenant = await db.transaction(async (tx) => {
    const [created] = await tx.insert(tenants).values({ key: tenantKeyFor(name), name, createdAt: clock.now() }).returning({ id: tenants.id, key: tenants.key });
    await tx.insert(tenantInvitations).values({
      tenantId: created!.id,
      email: adminEmail,
      role: "admin",
      tokenHash,
      expiresAt,
      createdByStaffId: input.staff.id,
      createdAt: clock.now(),
    });
    return created!;
  });
  await recordStaffAction(
    db,
    { staff: input.staff, kind: "tenant.created", tenantId: tenant.id, clientIp: input.clientIp, detail: { name, invitedAdmin: adminEmail, invitationExpiresAt: expiresAt.toISOString() } },
    clock,
  );
  return { ok: true, tenantId: tenant.id, tenantKey: tenant.key, invitationToken: token, expiresAt };
}
