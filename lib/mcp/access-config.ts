import { and, eq, sql } from "drizzle-orm";
import type { Database } from "@/db/client";
import { mcpAccessConfigs, mcpProvisionedUsers, tenantMemberships, tenants } from "@/db/schema";
import { preparedPerDatabase } from "@/db/prepared-per-database";

/**
 * A workspace's MCP access configuration (db/schema/mcp.ts), read and written as plain values. GUIDs are kept
 * lower-case, as Entra writes them in tokens.
 */
export type McpAccessConfig = {
  tenantId: string;
  entraTenantId: string;
  audience: string;
  requiredScope: string;
  acceptV1Tokens: boolean;
};

export type McpAccessWorkspace = McpAccessConfig & { workspaceKey: string; workspaceActive: boolean };

export const DEFAULT_REQUIRED_SCOPE = "mcp.access";

/**
 * The workspace whose MCP access names this directory and this API, and — in the same round trip — the person
 * `oid` as provisioned there (undefined unless provisioned and still a member). One query on the (tid, audience)
 * index and the provisioning primary key: the gateway's only database work for a request it lets through.
 */
export async function findMcpAccessByDirectory(
  db: Database,
  entraTenantId: string,
  audience: string,
  oid = "",
): Promise<(McpAccessWorkspace & { provisioned: { email: string; userId: string; groupScopes: string[] } | undefined }) | undefined> {
  const [row] = await directoryLookupOf(db).execute({ tid: entraTenantId.toLowerCase(), aud: audience.toLowerCase(), oid: oid.toLowerCase() });
  if (!row) return undefined;
  const provisioned =
    row.email !== null && row.userId !== null ? { email: row.email, userId: row.userId, groupScopes: (row.groupScopes ?? "").split(" ").filter(Boolean) } : undefined;
  return { ...plain(row.config), workspaceKey: row.key, workspaceActive: row.status === "active", provisioned };
}

// The hot path's query, prepared once per database handle (Postgres then plans it once per connection).
function prepareDirectoryLookup(db: Database) {
  return db
    .select({ config: mcpAccessConfigs, key: tenants.key, status: tenants.status, email: mcpProvisionedUsers.email, userId: tenantMemberships.userId, groupScopes: tenantMemberships.groupScopes })
    .from(mcpAccessConfigs)
    .innerJoin(tenants, eq(tenants.id, mcpAccessConfigs.tenantId))
    .leftJoin(mcpProvisionedUsers, and(eq(mcpProvisionedUsers.tenantId, mcpAccessConfigs.tenantId), eq(mcpProvisionedUsers.oid, sql.placeholder("oid"))))
    .leftJoin(tenantMemberships, and(eq(tenantMemberships.tenantId, mcpProvisionedUsers.tenantId), eq(tenantMemberships.userId, mcpProvisionedUsers.userId)))
    .where(and(eq(mcpAccessConfigs.entraTenantId, sql.placeholder("tid")), eq(mcpAccessConfigs.audience, sql.placeholder("aud"))))
    .limit(1)
    .prepare("mcp_access_by_directory");
}

const directoryLookups = preparedPerDatabase(prepareDirectoryLookup);

function directoryLookupOf(db: Database) {
  const lookup = directoryLookups(db);
  return lookup;
}

/** The workspace by its key, with its MCP access when configured (the `/t/<key>/mcp` routes). */
export async function findWorkspaceForMcp(
  db: Database,
  key: string,
): Promise<{ id: string; key: string; name: string; active: boolean; access: McpAccessConfig | undefined } | undefined> {
  const [row] = await db
    .select({ tenant: tenants, config: mcpAccessConfigs })
    .from(tenants)
    .leftJoin(mcpAccessConfigs, eq(mcpAccessConfigs.tenantId, tenants.id))
    .where(eq(tenants.key, key))
    .limit(1);
  if (!row) return undefined;
  return { id: row.tenant.id, key: row.tenant.key, name: row.tenant.name, active: row.tenant.status === "active", access: row.config ? plain(row.config) : undefined };
}

export async function loadMcpAccessConfig(db: Database, tenantId: string): Promise<McpAccessConfig | undefined> {
  const [row] = await db.select().from(mcpAccessConfigs).where(eq(mcpAccessConfigs.tenantId, tenantId)).limit(1);
  return row ? plain(row) : undefined;
}

export async function saveMcpAccessConfig(db: Database, config: McpAccessConfig, updatedBy: string | null, now: Date): Promise<void> {
  const values = {
    entraTenantId: config.entraTenantId.toLowerCase(),
    audience: config.audience.toLowerCase(),
    requiredScope: config.requiredScope,
    acceptV1Tokens: config.acceptV1Tokens,
    updatedAt: now,
    updatedBy,
  };
  await db
    .insert(mcpAccessConfigs)
    .values({ tenantId: config.tenantId, ...values })
    .onConflictDoUpdate({ target: mcpAccessConfigs.tenantId, set: values });
}

function plain(row: typeof mcpAccessConfigs.$inferSelect): McpAccessConfig {
  return {
    tenantId: row.tenantId,
    entraTenantId: row.entraTenantId,
    audience: row.audience,
    requiredScope: row.requiredScope,
    acceptV1Tokens: row.acceptV1Tokens,
  };
}

/** Whom provisioned people of a workspace are: its key and the Entra directory its MCP access names. */
export async function provisioningTargetOf(db: Database, tenantId: string): Promise<{ tenantId: string; workspaceKey: string; entraTenantId: string } | undefined> {
  const [row] = await db
    .select({ key: tenants.key, entraTenantId: mcpAccessConfigs.entraTenantId })
    .from(mcpAccessConfigs)
    .innerJoin(tenants, eq(tenants.id, mcpAccessConfigs.tenantId))
    .where(eq(mcpAccessConfigs.tenantId, tenantId))
    .limit(1);
  return row ? { tenantId, workspaceKey: row.key, entraTenantId: row.entraTenantId } : undefined;
}
