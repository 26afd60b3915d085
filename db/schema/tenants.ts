import { sql } from "drizzle-orm";
import { check, index, pgEnum, pgTable, primaryKey, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";
import { users } from "./auth";

const timestamptz = (name: string) => timestamp(name, { mode: "date", withTimezone: true });

export const tenantStatus = pgEnum("tenant_status", ["active", "disabled"]);
export const tenantRole = pgEnum("tenant_role", ["admin", "member"]);

/**
 * A customer workspace. `key` is immutable and URL-safe because it is baked into the redirect URI each tenant
 * registers with its identity provider (`/api/v1/auth/callback/t-<key>`); `name` may change freely.
 * Domains, SSO configuration and API keys hang off `tenant.id` in their own tables.
 */
export const tenants = pgTable(
  "tenant",
  {
    id: text("id").primaryKey().$defaultFn(() => crypto.randomUUID()),
    key: text("key").notNull(),
    name: text("name").notNull(),
    status: tenantStatus("status").notNull().default("active"),
    /** The Microsoft Entra directory (tenant GUID, lower-case) this workspace belongs to, when it has one. */
    microsoftTenantId: text("microsoft_tenant_id"),
    createdAt: timestamptz("created_at").notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("tenant_key_key").on(t.key),
    uniqueIndex("tenant_microsoft_tenant_id_key").on(t.microsoftTenantId),
    check("tenant_key_format", sql`${t.key} ~ '^[a-z0-9][a-z0-9-]{1,38}[a-z0-9]$'`),
    index("tenant_created_at_idx").on(t.createdAt),
  ],
);

export const tenantMemberships = pgTable(
  "tenant_membership",
  {
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    tenantId: text("tenant_id")
      .notNull()
      .references(() => tenants.id, { onDelete: "cascade" }),
    role: tenantRole("role").notNull(),
    /** MCP scopes (space-separated) the workspace's group mappings gave at the last tenant-SSO sign-in. */
    groupScopes: text("group_scopes").notNull().default(""),
    createdAt: timestamptz("created_at").notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.userId] }), index("tenant_membership_user_id_idx").on(t.userId)],
);

/**
 * E-mail domains a tenant claims (lower-case, IDNs in their ASCII form), unique across tenants. A domain routes
 * sign-ins and grants membership only once verified (`verifiedAt` set): by staff, or by the tenant's own DNS TXT
 * record `_gatehouse-challenge.<domain>` carrying `challenge`, which is re-checked daily (`checkedAt`); a domain
 * that lost its record goes back to pending and says since when (`lostAt`).
 */
export const tenantDomains = pgTable(
  "tenant_domain",
  {
    domain: text("domain").primaryKey(),
    tenantId: text("tenant_id")
      .notNull()
      .references(() => tenants.id, { onDelete: "cascade" }),
    verifiedAt: timestamptz("verified_at"),
    /** The value the domain's TXT record must carry (self-serve verification); null for domains staff added. */
    challenge: text("challenge"),
    checkedAt: timestamptz("checked_at"),
    lostAt: timestamptz("lost_at"),
    createdAt: timestamptz("created_at").notNull().defaultNow(),
  },
  (t) => [index("tenant_domain_tenant_id_idx").on(t.tenantId), check("tenant_domain_lower_case", sql`${t.domain} = lower(${t.domain})`)],
);

/**
 * A user an admin removed from a workspace. No automatic rule (linked directory, verified domain, tenant SSO) adds
 * them back while the row exists; an admin re-adding them or an invitation they accept deletes it.
 */
export const tenantRemovals = pgTable(
  "tenant_removal",
  {
    tenantId: text("tenant_id")
      .notNull()
      .references(() => tenants.id, { onDelete: "cascade" }),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    removedAt: timestamptz("removed_at").notNull().defaultNow(),
    /** The admin who removed them (plain text: the record outlives the admin's row). */
    removedBy: text("removed_by"),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.userId] }), index("tenant_removal_user_id_idx").on(t.userId)],
);
