import type { Settings } from "@/lib/config/settings";
import { sendInvitationMail } from "@/lib/mail/invitation-mail";
import { mailerFor } from "@/lib/mail/mailer-for-settings";

/** The public address of an invitation: `{API_PUBLIC_URL}/invite/<token>`. */
export function invitationUrl(settings: Pick<Settings, "apiPublicUrl">, token: string): string {
  return `${settings.apiPublicUrl}/invite/${token}`;
}

/**
 * A new invitation goes out the same way wherever it is made (the console or Settings → Users): mailed to the
 * invited address, and its link handed back to be shown once with a Copy button, with whether the mail went.
 */
export async function deliverInvitation(
  settings: Settings,
  invitation: { token: string; email: string; tenantName: string; role: "admin" | "member"; expiresAt: Date },
): Promise<{ link: string; mailed: boolean }> {
  const link = invitationUrl(settings, invitation.token);
  const mailed = await sendInvitationMail(mailerFor(settings), {
    to: invitation.email,
    link,
    workspace: invitation.tenantName,
    role: invitation.role,
    expiresAt: invitation.expiresAt,
  });
  return { link, mailed };
}
