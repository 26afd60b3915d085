import { sql } from "drizzle-orm";
import { boolean, check, index, integer, pgTable, primaryKey, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";
import { tenantRole, tenants } from "./tenants";

const timestamptz = (name: string) => timestamp(name, { mode: "date", withTimezone: true });

/**
 * A workspace's group mappings: a group of its own IdP (an Entra group object ID, lower-case, or a group name for a
 * generic OIDC issuer) gives a role and MCP scopes (space-separated). Evaluated at every tenant-SSO sign-in in
 * `position` order, the first match winning (lib/groups/evaluate-group-mappings.ts).
 */
export const groupMappings = pgTable(
  "group_mapping",
  {
    id: text("id").primaryKey().$defaultFn(() => crypto.randomUUID()),
    tenantId: text("tenant_id")
      .notNull()
      .references(() => tenants.id, { onDelete: "cascade" }),
    position: integer("position").notNull(),
    groupId: text("group_id").notNull(),
    role: tenantRole("role").notNull(),
    scopes: text("scopes").notNull().default(""),
    createdAt: timestamptz("created_at").notNull(),
    createdBy: text("created_by"),
  },
  (t) => [uniqueIndex("group_mapping_tenant_group_key").on(t.tenantId, t.groupId), index("group_mapping_tenant_position_idx").on(t.tenantId, t.position)],
);

/**
 * The Entra applications (service principals) a workspace lets call its MCP gateway with app-only tokens (client
 * credentials, `idtyp: app`), by application (client) ID, lower-case. A token's `roles` must hold the workspace's
 * required scope, and only the scopes listed here reach the upstream. A disabled row refuses the app's next call.
 */
export const entraServicePrincipals = pgTable(
  "entra_service_principal",
  {
    tenantId: text("tenant_id")
      .notNull()
      .references(() => tenants.id, { onDelete: "cascade" }),
    appId: text("app_id").notNull(),
    id: text("id").notNull().$defaultFn(() => crypto.randomUUID()),
    name: text("name").notNull(),
    scopes: text("scopes").notNull(),
    enabled: boolean("enabled").notNull().default(true),
    createdAt: timestamptz("created_at").notNull(),
    createdBy: text("created_by"),
    lastUsedAt: timestamptz("last_used_at"),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.appId] }),
    uniqueIndex("entra_service_principal_id_key").on(t.id),
    check("entra_service_principal_lower_case", sql`${t.appId} = lower(${t.appId})`),
  ],
);
