import { forbidden, redirect } from "next/navigation";
import { messageFor } from "@/lib/errors/user-messages";
import type { SignedInUser } from "@/lib/auth/session-lookup";
import { tenantAuth } from "@/lib/auth/tenant-auth";

/** Who is signed in, read by Auth.js from the session cookie and its database row; null when nobody is. */
export async function getSignedInUser(): Promise<SignedInUser | null> {
  const session = (await tenantAuth()) as { gatehouse?: SignedInUser } | null;
  return session?.gatehouse ?? null;
}

/**
 * For every signed-in page: sends visitors to /login, a user who must still choose a new password to
 * /change-password — until then nothing else is reachable — and someone without a workspace to create one.
 */
export async function requireSignedInUser(): Promise<SignedInUser & { tenant: NonNullable<SignedInUser["tenant"]> }> {
  const user = await getSignedInUser();
  if (!user) redirect("/login");
  if (user.mustChangePassword) redirect("/change-password");
  if (!user.tenant) redirect("/workspace/new");
  return user as SignedInUser & { tenant: NonNullable<SignedInUser["tenant"]> };
}

export type TenantAdmin = SignedInUser & { tenant: NonNullable<SignedInUser["tenant"]> & { role: "admin" } };

/** For tenant-admin pages: members of the tenant get the 403 page, which says that settings are for admins. */
export async function requireTenantAdmin(): Promise<TenantAdmin> {
  const user = await requireSignedInUser();
  if (user.tenant.role !== "admin") forbidden();
  return user as TenantAdmin;
}

/**
 * The same check for route handlers: the admin, or the response to send instead (401 signed out, 403 otherwise).
 * Route handlers must not redirect an API caller to a page.
 */
export async function tenantAdminForApi(): Promise<{ admin: TenantAdmin } | { response: Response }> {
  const user = await getSignedInUser();
  if (!user) return { response: Response.json({ error: "not_signed_in", message: messageFor("not_signed_in") }, { status: 401 }) };
  if (user.mustChangePassword || !user.tenant || user.tenant.role !== "admin")
    return { response: Response.json({ error: "forbidden", message: messageFor("access_denied") }, { status: 403 }) };
  return { admin: user as TenantAdmin };
}
