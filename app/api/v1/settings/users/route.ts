import { getDb } from "@/db/instance";
import { listTenantUsers } from "@/lib/tenancy/tenant-users";
import { parseTenantUsersQuery } from "@/lib/tenancy/tenant-users-query";
import { toTenantUsersResponse } from "@/lib/tenancy/tenant-users-response";
import { tenantAdminForApi } from "@/lib/web/current-user";

export const dynamic = "force-dynamic";

/** Settings → Users: one page of the signed-in admin's tenant (`?sort=name|email|role|lastSignIn&dir=asc|desc&page=1`). */
export async function GET(request: Request) {
  const guard = await tenantAdminForApi();
  if ("response" in guard) return guard.response;
  const parsed = parseTenantUsersQuery(new URL(request.url).searchParams);
  if (!parsed.ok) return Response.json({ error: "invalid_query", message: parsed.message }, { status: 400 });
  const page = await listTenantUsers(getDb(), guard.admin.tenant.id, parsed.query);
  return Response.json(toTenantUsersResponse(page), { headers: { "cache-control": "no-store" } });
}
