import { MAIL_TEXTS } from "@/lib/errors/user-messages";
import { formatUtcDateTime } from "@/lib/time/format-utc";
import type { Mailer } from "./mailer";

/**
 * Mails an invitation link to the invited address. Resolves to whether it went: staff are shown the link once
 * either way, and told when the mail failed, so they can send it themselves. The link is never logged.
 */
export async function sendInvitationMail(
  mailer: Mailer,
  input: { to: string; link: string; workspace: string; role: "admin" | "member"; expiresAt: Date },
): Promise<boolean> {
  const expires = formatUtcDateTime(input.expiresAt).replace(/ UTC$/, "");
  try {
    await mailer.send({ to: input.to, ...MAIL_TEXTS.invitation({ link: input.link, workspace: input.workspace, role: input.role, expires }) });
    return true;
  } catch (error) {
    console.error(`The invitation mail to ${input.to} could not be sent: ${error instanceof Error ? error.message : String(error)}`);
    return false;
  }
}
