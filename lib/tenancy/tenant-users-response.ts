import type { TenantUser, TenantUsersPage } from "./tenant-users";

/** The body of GET /api/v1/settings/users: one page of the tenant's users, times as ISO 8601 strings. */
export type TenantUsersResponse = Omit<TenantUsersPage, "users"> & {
  users: (Omit<TenantUser, "lastSignInAt"> & { lastSignInAt: string | null })[];
};

export function toTenantUsersResponse(page: TenantUsersPage): TenantUsersResponse {
  return { ...page, users: page.users.map((user) => ({ ...user, lastSignInAt: user.lastSignInAt?.toISOString() ?? null })) };
}
