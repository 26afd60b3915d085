import { getDb } from "@/db/instance";
import { endAllSessionsOfUser } from "@/lib/manage/user-detail";
import { systemClock } from "@/lib/time/clock";
import { getClientIp } from "@/lib/web/client-ip";
import { staffForApi } from "@/lib/web/current-staff";
import { refusal } from "@/lib/web/json-body";

export const dynamic = "force-dynamic";

/** Staff.Admin ends every session of a tenant user ("End all sessions"). */
export async function DELETE(request: Request, { params }: { params: Promise<{ userId: string }> }) {
  const guard = await staffForApi(request, "write");
  if ("response" in guard) return guard.response;
  const { userId } = await params;
  const result = await endAllSessionsOfUser(getDb(), { userId, staff: guard.staff, clientIp: await getClientIp() }, systemClock);
  if (!result.ok) return refusal(result.code, 404);
  return Response.json({ endedSessions: result.endedSessions });
}
