"use server";

import { revalidatePath } from "next/cache";
import { getDb } from "@/db/instance";
import { getSettings } from "@/lib/config/load-settings";
import { invitationSentMessage, messageFor } from "@/lib/errors/user-messages";
import { deliverInvitation } from "@/lib/tenancy/deliver-invitation";
import { inviteMember } from "@/lib/tenancy/invite-member";
import { systemClock } from "@/lib/time/clock";
import { getClientIp } from "@/lib/web/client-ip";
import { requireTenantAdmin } from "@/lib/web/current-user";

export type InviteFormState = { error?: string; reference?: string; email?: string; done?: string; link?: string; mailed?: boolean };

/** "Invite": mails the link and shows it once (server actions are origin-checked, as every settings form). */
export async function inviteMemberAction(_previous: InviteFormState, form: FormData): Promise<InviteFormState> {
  const admin = await requireTenantAdmin();
  const email = form.get("email");
  const result = await inviteMember(
    getDb(),
    { tenantId: admin.tenant.id, email, role: form.get("role"), actor: { id: admin.id, label: admin.email ?? admin.login }, clientIp: await getClientIp() },
    systemClock,
  );
  if (!result.ok) return { error: messageFor(result.code), reference: result.reference, email: typeof email === "string" ? email.slice(0, 254) : "" };
  const { link, mailed } = await deliverInvitation(getSettings(), result);
  revalidatePath("/settings/users");
  return { link, mailed, done: mailed ? invitationSentMessage(result.email) : messageFor("mail_not_sent") };
}
