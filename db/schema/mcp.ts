import { sql } from "drizzle-orm";
import { boolean, check, index, pgTable, primaryKey, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";
import { users } from "./auth";
import { tenants } from "./tenants";

const timestamptz = (name: string) => timestamp(name, { mode: "date", withTimezone: true });

/**
 * A workspace's MCP access: which Entra directory (`entra_tenant_id`) and which MCP API app registration (`audience`,
 * its client id) issue the access tokens the gateway accepts for it, the delegated scope they must carry, and
 * whether v1 tokens are accepted. The gateway finds the workspace of a token by (`tid`, `aud`) in one lookup on the
 * unique index; GUIDs are stored lower-case.
 */
export const mcpAccessConfigs = pgTable(
  "mcp_access_config",
  {
    tenantId: text("tenant_id")
      .primaryKey()
      .references(() => tenants.id, { onDelete: "cascade" }),
    entraTenantId: text("entra_tenant_id").notNull(),
    audience: text("audience").notNull(),
    requiredScope: text("required_scope").notNull().default("mcp.access"),
    acceptV1Tokens: boolean("accept_v1_tokens").notNull().default(false),
    updatedAt: timestamptz("updated_at").notNull().defaultNow(),
    updatedBy: text("updated_by"),
  },
  (t) => [
    uniqueIndex("mcp_access_config_directory_audience_key").on(t.entraTenantId, t.audience),
    check("mcp_access_config_lower_case", sql`${t.entraTenantId} = lower(${t.entraTenantId}) and ${t.audience} = lower(${t.audience})`),
  ],
);

/**
 * The Entra users allowed through the gateway into a workspace, by Object ID: there is no auto-provisioning, so a
 * valid token whose `oid` is not listed here is refused. Removing a row refuses that person's next request. Each
 * row names the Gatehouse user who holds the Entra identity (`tid:oid`) — the same user their SSO sign-ins reach —
 * and that user is a member of the workspace; removing the membership also refuses their MCP requests.
 */
export const mcpProvisionedUsers = pgTable(
  "mcp_provisioned_user",
  {
    tenantId: text("tenant_id")
      .notNull()
      .references(() => tenants.id, { onDelete: "cascade" }),
    oid: text("oid").notNull(),
    email: text("email").notNull(),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    createdAt: timestamptz("created_at").notNull().defaultNow(),
    createdBy: text("created_by"),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.oid] }),
    index("mcp_provisioned_user_email_idx").on(t.tenantId, t.email),
    index("mcp_provisioned_user_user_id_idx").on(t.userId),
    check("mcp_provisioned_user_lower_case", sql`${t.oid} = lower(${t.oid}) and ${t.email} = lower(${t.email})`),
  ],
);
