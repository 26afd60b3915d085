import { eq } from "drizzle-orm";
import type { Database } from "@/db/client";
import { tenantDomains, tenants } from "@/db/schema";

/**
 * For `npm run demo`: a workspace linked to the emulator's Contoso directory, owning its (verified) e-mail domain,
 * so that a Contoso user who signs in with Microsoft lands in it. Idempotent.
 */
export async function seedDemoWorkspace(db: Database, input: { key: string; name: string; microsoftTenantId: string; domain: string }) {
  await db.insert(tenants).values({ key: input.key, name: input.name, microsoftTenantId: input.microsoftTenantId }).onConflictDoNothing();
  const [tenant] = await db.select({ id: tenants.id }).from(tenants).where(eq(tenants.key, input.key));
  await db.insert(tenantDomains).values({ domain: input.domain, tenantId: tenant!.id, verifiedAt: new Date() }).onConflictDoNothing();
}
