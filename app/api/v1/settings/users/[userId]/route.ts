import { getDb } from "@/db/instance";
import { messageFor } from "@/lib/errors/user-messages";
import { changeMemberRole } from "@/lib/tenancy/change-member-role";
import { removeTenantUser } from "@/lib/tenancy/remove-tenant-user";
import { systemClock } from "@/lib/time/clock";
import { getClientIp } from "@/lib/web/client-ip";
import { tenantAdminForApi } from "@/lib/web/current-user";
import { readJsonObject } from "@/lib/web/json-body";
import { crossOriginRefusal, isSameOriginRequest } from "@/lib/web/same-origin";

export const dynamic = "force-dynamic";

const STATUS = { tenant_user_not_found: 404, last_admin: 409, role_invalid: 400, role_managed_by_sso: 409 } as const;

/** Removes a user from the signed-in admin's tenant and ends their sessions there. */
export async function DELETE(request: Request, { params }: { params: Promise<{ userId: string }> }) {
  if (!isSameOriginRequest(request)) return crossOriginRefusal();
  const guard = await tenantAdminForApi();
  if ("response" in guard) return guard.response;
  const { admin } = guard;
  const { userId } = await params;
  // Postgres text cannot hold NUL, so such an id names nobody (and would fail the query instead of matching nothing).
  if (userId.includes("\u0000") || userId.length > 255)
    return Response.json({ error: "tenant_user_not_found", message: messageFor("tenant_user_not_found") }, { status: 404 });
  const result = await removeTenantUser(
    getDb(),
    { tenantId: admin.tenant.id, userId, actor: { id: admin.id, label: admin.email ?? admin.login }, clientIp: await getClientIp() },
    systemClock,
  );
  if (!result.ok) return Response.json({ error: result.code, message: messageFor(result.code) }, { status: STATUS[result.code] });
  return Response.json({ removed: userId, signedOut: userId === admin.id }, { headers: { "cache-control": "no-store" } });
}

/** Changes the role (`{"role":"admin"|"member"}`) of a user of the signed-in admin's tenant whose role SSO does not set. */
export async function PATCH(request: Request, { params }: { params: Promise<{ userId: string }> }) {
  if (!isSameOriginRequest(request)) return crossOriginRefusal();
  const guard = await tenantAdminForApi();
  if ("response" in guard) return guard.response;
  const { admin } = guard;
  const input = await readJsonObject(request);
  if ("response" in input) return input.response;
  const { userId } = await params;
  const result = await changeMemberRole(
    getDb(),
    { tenantId: admin.tenant.id, userId, role: input.body.role, actor: { id: admin.id, label: admin.email ?? admin.login }, clientIp: await getClientIp() },
    systemClock,
  );
  if (!result.ok)
    return Response.json({ error: result.code, message: messageFor(result.code), reference: result.reference }, { status: STATUS[result.code] });
  return Response.json({ userId, role: result.role, changed: result.changed }, { headers: { "cache-control": "no-store" } });
}
