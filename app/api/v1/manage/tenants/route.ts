import { getDb } from "@/db/instance";
import { getSettings } from "@/lib/config/load-settings";
import { sendInvitationMail } from "@/lib/mail/invitation-mail";
import { mailerFor } from "@/lib/mail/mailer-for-settings";
import { createTenantWithInvitation } from "@/lib/manage/create-tenant";
import { cleanEmail } from "@/lib/auth/oidc-identity";
import { cleanWorkspaceName } from "@/lib/tenancy/workspace-name";
import { systemClock } from "@/lib/time/clock";
import { getClientIp } from "@/lib/web/client-ip";
import { staffForApi } from "@/lib/web/current-staff";
import { readJsonObject } from "@/lib/web/json-body";

export const dynamic = "force-dynamic";

/** Staff.Admin creates a tenant with a single-use invitation for its first admin; the link is mailed and shown once. */
export async function POST(request: Request) {
  const guard = await staffForApi(request, "write");
  if ("response" in guard) return guard.response;
  const input = await readJsonObject(request);
  if ("response" in input) return input.response;
  const result = await createTenantWithInvitation(
    getDb(),
    { name: input.body.name, adminEmail: input.body.adminEmail, staff: guard.staff, clientIp: await getClientIp() },
    systemClock,
  );
  if (!result.ok) return Response.json({ error: "invalid_input", message: "Check the highlighted fields.", fieldErrors: result.fieldErrors }, { status: 400 });
  const settings = getSettings();
  const invitationUrl = `${settings.apiPublicUrl}/invite/${result.invitationToken}`;
  const mailed = await sendInvitationMail(mailerFor(settings), {
    to: cleanEmail(input.body.adminEmail)!,
    link: invitationUrl,
    workspace: cleanWorkspaceName(input.body.name)!,
    role: "admin",
    expiresAt: result.expiresAt,
  });
  return Response.json(
    { tenantId: result.tenantId, tenantKey: result.tenantKey, invitationUrl, expiresAt: result.expiresAt.toISOString(), mailed },
    { status: 201, headers: { "cache-control": "no-store" } },
  );
}
