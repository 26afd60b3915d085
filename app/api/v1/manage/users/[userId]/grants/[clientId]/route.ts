import { getDb } from "@/db/instance";
import { messageFor } from "@/lib/errors/user-messages";
import { revokeUserGrant } from "@/lib/manage/revoke-user-grant";
import { systemClock } from "@/lib/time/clock";
import { getClientIp } from "@/lib/web/client-ip";
import { staffForApi } from "@/lib/web/current-staff";

export const dynamic = "force-dynamic";

/** Staff.Admin revokes an app a person connected ("Revoke" under Connected apps on the console's user page). */
export async function DELETE(request: Request, { params }: { params: Promise<{ userId: string; clientId: string }> }) {
  const guard = await staffForApi(request, "write");
  if ("response" in guard) return guard.response;
  const { userId, clientId } = await params;
  const result = await revokeUserGrant(getDb(), { userId, clientId, staff: guard.staff, clientIp: await getClientIp() }, systemClock);
  if (!result.ok) return Response.json({ error: result.code, message: messageFor(result.code), reference: result.reference }, { status: 404 });
  return Response.json({ revoked: clientId }, { headers: { "cache-control": "no-store" } });
}
