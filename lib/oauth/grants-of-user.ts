import { and, desc, eq, sql } from "drizzle-orm";
import type { Database } from "@/db/client";
import { oauthConsents, oauthModels, tenants } from "@/db/schema";

/** One app a person connected, as support sees it: who it is, where it sends people back to, for which workspace. */
export type UserGrant = {
  clientId: string;
  clientName: string | null;
  /** The hosts of the client's registered redirect URIs (several for a native app's loopback and claimed URLs). */
  redirectHosts: string[];
  tenantId: string | null;
  tenantName: string | null;
  scopes: string[];
  grantedAt: Date;
  updatedAt: Date;
};

function hostsOf(redirectUris: unknown): string[] {
  if (!Array.isArray(redirectUris)) return [];
  const hosts = redirectUris.flatMap((uri) => {
    if (typeof uri !== "string" || !URL.canParse(uri)) return [];
    const url = new URL(uri);
    return [url.host || `${url.protocol}`];
  });
  return [...new Set(hosts)];
}

/**
 * The OAuth grants a person gave, newest first, for the console's user page: the remembered consent with the
 * client's registered redirect URIs (read from its stored registration) and the workspace's name. A client whose
 * registration is gone still shows, with no host.
 */
export async function listGrantsOfUser(db: Database, userId: string): Promise<UserGrant[]> {
  const rows = await db
    .select({
      clientId: oauthConsents.clientId,
      clientName: oauthConsents.clientName,
      redirectUris: sql<unknown>`${oauthModels.payload} -> 'redirect_uris'`,
      tenantId: oauthConsents.tenantId,
      tenantName: tenants.name,
      scopes: oauthConsents.scopes,
      grantedAt: oauthConsents.createdAt,
      updatedAt: oauthConsents.updatedAt,
    })
    .from(oauthConsents)
    .leftJoin(oauthModels, and(eq(oauthModels.model, "Client"), eq(oauthModels.id, oauthConsents.clientId)))
    .leftJoin(tenants, eq(tenants.id, oauthConsents.tenantId))
    .where(eq(oauthConsents.userId, userId))
    .orderBy(desc(oauthConsents.updatedAt));
  return rows.map(({ redirectUris, scopes, ...row }) => ({ ...row, redirectHosts: hostsOf(redirectUris), scopes: scopes ? scopes.split(" ") : [] }));
}
