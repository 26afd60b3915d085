import { getDb } from "@/db/instance";
import { addTenantDomain } from "@/lib/manage/domain-verification";
import { systemClock } from "@/lib/time/clock";
import { getClientIp } from "@/lib/web/client-ip";
import { staffForApi } from "@/lib/web/current-staff";
import { readJsonObject, refusal } from "@/lib/web/json-body";

export const dynamic = "force-dynamic";

/** Staff.Admin adds a domain to a tenant, unverified: `{ "domain": "contoso.com" }`. */
export async function POST(request: Request, { params }: { params: Promise<{ tenantId: string }> }) {
  const guard = await staffForApi(request, "write");
  if ("response" in guard) return guard.response;
  const input = await readJsonObject(request);
  if ("response" in input) return input.response;
  const { tenantId } = await params;
  const result = await addTenantDomain(getDb(), { tenantId, domain: input.body.domain, staff: guard.staff, clientIp: await getClientIp() }, systemClock);
  if (!result.ok) return refusal(result.code, result.code === "domain_taken" ? 409 : result.code === "tenant_not_found" ? 404 : 400);
  return Response.json({ domain: result.domain }, { status: 201 });
}
