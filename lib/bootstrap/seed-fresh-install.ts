import { eq } from "drizzle-orm";
import type { Database } from "@/db/client";
import { passwordCredentials, tenantMemberships, tenants, users } from "@/db/schema";
import { recordAuditEvent } from "@/lib/audit/record-audit-event";
import { hashPassword } from "@/lib/auth/password-hash";
import type { Clock } from "@/lib/time/clock";

export const DEFAULT_TENANT_KEY = "default";
export const BREAK_GLASS_LOGIN = "admin";
const BREAK_GLASS_INITIAL_PASSWORD = "admin";

/**
 * A fresh install gets a default tenant and the break-glass administrator `admin` / `admin`, who must choose a new
 * password at first sign-in. Idempotent: run at every start, it only fills what is missing, and it never resets a
 * password that was already changed. The server runs it under the migration lock, so instances starting together
 * do not race.
 */
export async function seedFreshInstall(db: Database, clock: Clock): Promise<{ createdAdmin: boolean }> {
  const now = clock.now();
  await db.insert(tenants).values({ key: DEFAULT_TENANT_KEY, name: "Default", createdAt: now }).onConflictDoNothing();
  const [existing] = await db
    .select({ userId: passwordCredentials.userId })
    .from(passwordCredentials)
    .where(eq(passwordCredentials.login, BREAK_GLASS_LOGIN));
  if (existing) return { createdAdmin: false };

  const hash = await hashPassword(BREAK_GLASS_INITIAL_PASSWORD);
  const [tenant] = await db.select({ id: tenants.id }).from(tenants).where(eq(tenants.key, DEFAULT_TENANT_KEY));
  await db.transaction(async (tx) => {
    const [admin] = await tx.insert(users).values({ name: "Administrator", createdAt: now }).returning({ id: users.id });
    await tx.insert(passwordCredentials).values({ userId: admin!.id, login: BREAK_GLASS_LOGIN, hash, mustChange: true, changedAt: now });
    await tx.insert(tenantMemberships).values({ userId: admin!.id, tenantId: tenant!.id, role: "admin", createdAt: now });
  });
  await recordAuditEvent(
    db,
    { kind: "install.seeded", outcome: "success", actor: { type: "system" }, tenantId: tenant!.id, detail: { login: BREAK_GLASS_LOGIN } },
    clock,
  );
  return { createdAdmin: true };
}
