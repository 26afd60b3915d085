"use server";

import { revalidatePath } from "next/cache";
import { getDb } from "@/db/instance";
import { getSettings } from "@/lib/config/load-settings";
import { messageFor } from "@/lib/errors/user-messages";
import { deliverInvitation } from "@/lib/tenancy/deliver-invitation";
import { reissueInvitation, revokeInvitation } from "@/lib/tenancy/invitation-staff-actions";
import { systemClock } from "@/lib/time/clock";
import { getClientIp } from "@/lib/web/client-ip";
import { requireStaff } from "@/lib/web/current-staff";

export type InvitationActionState = { error?: string; done?: string; link?: string; mailed?: boolean };

/** Staff.Admin only; Staff.Support's attempt is refused (and audited by the console's own checks elsewhere). */
async function staffAdmin() {
  const staff = await requireStaff();
  return staff.role === "admin" ? staff : undefined;
}

export async function reissueInvitationAction(tenantId: string, invitationId: string): Promise<InvitationActionState> {
  const staff = await staffAdmin();
  if (!staff) return { error: messageFor("staff_read_only") };
  const settings = getSettings();
  const result = await reissueInvitation(getDb(), { invitationId, tenantId, staff, clientIp: await getClientIp() }, systemClock);
  if (!result.ok) return { error: messageFor(result.code) };
  const { link, mailed } = await deliverInvitation(settings, result);
  revalidatePath(`/manage/tenants/${tenantId}`);
  return { link, mailed, done: `New invitation for ${result.email}` };
}

export async function revokeInvitationAction(tenantId: string, invitationId: string): Promise<InvitationActionState> {
  const staff = await staffAdmin();
  if (!staff) return { error: messageFor("staff_read_only") };
  const result = await revokeInvitation(getDb(), { invitationId, tenantId, staff, clientIp: await getClientIp() }, systemClock);
  if (!result.ok) return { error: messageFor(result.code) };
  revalidatePath(`/manage/tenants/${tenantId}`);
  return { done: `Invitation for ${result.email} revoked` };
}
