import type { Database } from "@/db/client";
import { passwordCredentials, tenantMemberships, tenants, users } from "@/db/schema";
import { hashPassword } from "@/lib/auth/password-hash";

/** Test data built through the real tables: a tenant, and users with a password and a membership. */
export async function createTenant(db: Database, key: string, name = key) {
  const [tenant] = await db.insert(tenants).values({ key, name }).returning();
  return tenant!;
}

export async function createPasswordUser(
  db: Database,
  input: { login: string; password: string; tenantId?: string; role?: "admin" | "member"; mustChange?: boolean; name?: string },
) {
  const [user] = await db
    .insert(users)
    .values({ name: input.name ?? input.login, email: input.login.includes("@") ? input.login : null })
    .returning();
  await db.insert(passwordCredentials).values({
    userId: user!.id,
    login: input.login,
    hash: await hashPassword(input.password),
    mustChange: input.mustChange ?? false,
  });
  if (input.tenantId) await db.insert(tenantMemberships).values({ userId: user!.id, tenantId: input.tenantId, role: input.role ?? "member" });
  return user!;
}
