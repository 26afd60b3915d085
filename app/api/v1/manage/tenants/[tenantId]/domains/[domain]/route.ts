import { getDb } from "@/db/instance";
import { setDomainVerified } from "@/lib/manage/domain-verification";
import { systemClock } from "@/lib/time/clock";
import { getClientIp } from "@/lib/web/client-ip";
import { staffForApi } from "@/lib/web/current-staff";
import { readJsonObject, refusal } from "@/lib/web/json-body";

export const dynamic = "force-dynamic";

/** Staff.Admin verifies or unverifies one of a tenant's domains: `{ "verified": true }`. */
export async function PATCH(request: Request, { params }: { params: Promise<{ tenantId: string; domain: string }> }) {
  const guard = await staffForApi(request, "write");
  if ("response" in guard) return guard.response;
  const input = await readJsonObject(request);
  if ("response" in input) return input.response;
  const { tenantId, domain: segment } = await params;
  const domain = safeDecode(segment);
  const result = await setDomainVerified(
    getDb(),
    { tenantId, domain: domain, verified: input.body.verified, staff: guard.staff, clientIp: await getClientIp() },
    systemClock,
  );
  if (!result.ok) return refusal(result.code, result.code === "domain_not_found" ? 404 : 400);
  return Response.json({ domain: domain, verified: input.body.verified });
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
