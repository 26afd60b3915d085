/**
 * The tenant role from the `roles` claim of the tenant's own Entra app: the admin value makes an admin, the member
 * value a member, and admin wins when both are assigned. Anything else maps to nothing, and the sign-in is refused.
 */
export function mapAppRoles(roles: unknown, values: { admin: string; member: string }): "admin" | "member" | undefined {
  if (!Array.isArray(roles)) return undefined;
  if (roles.includes(values.admin)) return "admin";
  if (roles.includes(values.member)) return "member";
  return undefined;
}
