import { eq } from "drizzle-orm";
import type { Database } from "@/db/client";
import { tenantDomains, tenantSsoConfigs, tenants } from "@/db/schema";
import { encryptSecret, type SecretKey } from "@/lib/crypto/secret-box";

export type DemoWorkspace = {
  key: string;
  name: string;
  microsoftTenantId: string;
  domain: string;
  /** The workspace's own Entra app, enabled for tenant SSO on its domain. */
  sso: { clientId: string; clientSecret: string };
};

/**
 * For `npm run demo`: a workspace linked to the emulator's Contoso directory, owning its verified e-mail domain and
 * signing that domain in through Contoso's own Entra app. A Contoso user who signs in with Microsoft lands in it;
 * one who types a Contoso address on /login goes through tenant SSO. Idempotent.
 */
export async function seedDemoWorkspace(db: Database, workspace: DemoWorkspace, key: SecretKey): Promise<void> {
  await db.insert(tenants).values({ key: workspace.key, name: workspace.name, microsoftTenantId: workspace.microsoftTenantId }).onConflictDoNothing();
  const [tenant] = await db.select({ id: tenants.id }).from(tenants).where(eq(tenants.key, workspace.key));
  await db.insert(tenantDomains).values({ domain: workspace.domain, tenantId: tenant!.id, verifiedAt: new Date() }).onConflictDoNothing();
  await db
    .insert(tenantSsoConfigs)
    .values({
      tenantId: tenant!.id,
      kind: "entra",
      entraTenantId: workspace.microsoftTenantId,
      clientId: workspace.sso.clientId,
      clientSecretEncrypted: encryptSecret(workspace.sso.clientSecret, tenant!.id, key),
      enabled: true,
    })
    .onConflictDoNothing();
}
