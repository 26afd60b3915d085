import { getDb } from "@/db/instance";
import { setTenantStatus } from "@/lib/manage/tenant-status";
import { systemClock } from "@/lib/time/clock";
import { getClientIp } from "@/lib/web/client-ip";
import { staffForApi } from "@/lib/web/current-staff";
import { readJsonObject, refusal } from "@/lib/web/json-body";

export const dynamic = "force-dynamic";

/** Staff.Admin disables a tenant (ending its sessions at once) or enables it again: `{ "status": "disabled" }`. */
export async function PATCH(request: Request, { params }: { params: Promise<{ tenantId: string }> }) {
  const guard = await staffForApi(request, "write");
  if ("response" in guard) return guard.response;
  const input = await readJsonObject(request);
  if ("response" in input) return input.response;
  const { tenantId } = await params;
  const result = await setTenantStatus(getDb(), { tenantId, status: input.body.status, staff: guard.staff, clientIp: await getClientIp() }, systemClock);
  if (!result.ok) return refusal(result.code, result.code === "tenant_not_found" ? 404 : 400);
  return Response.json({ status: input.body.status, endedSessions: result.endedSessions });
}
