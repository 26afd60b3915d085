import { eq } from "drizzle-orm";
import type { Database } from "@/db/client";
import { tenantSsoConfigs, tenants } from "@/db/schema";
import { ssoDisplayName } from "./sso-display-name";

/** The name of a workspace's identity provider, by the workspace's key, for a refusal page (none when unknown). */
export async function idpNameByKey(db: Database, key: string): Promise<string | undefined> {
  if (!/^[a-z0-9][a-z0-9-]{1,38}[a-z0-9]$/.test(key)) return undefined;
  const [row] = await db
    .select({ kind: tenantSsoConfigs.kind, issuerUrl: tenantSsoConfigs.issuerUrl, displayName: tenantSsoConfigs.displayName })
    .from(tenants)
    .innerJoin(tenantSsoConfigs, eq(tenantSsoConfigs.tenantId, tenants.id))
    .where(eq(tenants.key, key));
  return row ? ssoDisplayName(row) : undefined;
}
