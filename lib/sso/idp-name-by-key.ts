import { eq } from "drizzle-orm";
import type { Database } from "@/db/client";
import { tenantSsoConfigs, tenants } from "@/db/schema";
import { tenantKeyOfProvider, tenantSsoProviderId } from "@/lib/signin/provider";
import { ssoDisplayName } from "./sso-display-name";

/** The name of a workspace's identity provider, by the workspace's key, for a refusal page (none when unknown). */
export async function idpNameByKey(db: Database, key: string): Promise<string | undefined> {
  // The key's shape is the provider id's (`t-<key>`): one rule for what a workspace key can be.
  if (!tenantKeyOfProvider(tenantSsoProviderId(key))) return undefined;
  const [row] = await db
    .select({ kind: tenantSsoConfigs.kind, issuerUrl: tenantSsoConfigs.issuerUrl, displayName: tenantSsoConfigs.displayName })
    .from(tenants)
    .innerJoin(tenantSsoConfigs, eq(tenantSsoConfigs.tenantId, tenants.id))
    .where(eq(tenants.key, key));
  return row ? ssoDisplayName(row) : undefined;
}
