/**
 * The tenant role from the workspace IdP's role claim (Entra's `roles`, or whichever claim the card names, such as
 * `groups`): the admin value makes an admin, the member value a member, and admin wins when both are assigned. The
 * claim may hold one value as a string or several as an array. Anything else maps to nothing.
 */
export function mapAppRoles(roles: unknown, values: { admin: string; member: string }): "admin" | "member" | undefined {
  const assigned = typeof roles === "string" ? [roles] : Array.isArray(roles) ? roles.filter((r): r is string => typeof r === "string") : [];
  if (assigned.includes(values.admin)) return "admin";
  if (assigned.includes(values.member)) return "member";
  return undefined;
}
