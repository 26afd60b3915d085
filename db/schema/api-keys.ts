import { sql } from "drizzle-orm";
import { check, index, pgTable, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";
import { users } from "./auth";
import { tenants } from "./tenants";

const timestamptz = (name: string) => timestamp(name, { mode: "date", withTimezone: true });

/**
 * A person's API key for the MCP gateway, made in one workspace. The key itself is never stored: `lookup_id` is the
 * short non-secret part the key carries after its prefix (found by the unique index), `hash` the HMAC-SHA-256 of the
 * whole key under a key derived from SECRET_ENCRYPTION_KEY. A revoked key keeps its row (so its next use is refused
 * as revoked and audited) until the owner or the workspace goes. `last_used_at` is written at most once a minute.
 */
export const personalApiKeys = pgTable(
  "personal_api_key",
  {
    id: text("id").primaryKey().$defaultFn(() => crypto.randomUUID()),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    tenantId: text("tenant_id")
      .notNull()
      .references(() => tenants.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    lookupId: text("lookup_id").notNull(),
    hash: text("hash").notNull(),
    scopes: text("scopes").notNull(),
    createdAt: timestamptz("created_at").notNull(),
    expiresAt: timestamptz("expires_at").notNull(),
    lastUsedAt: timestamptz("last_used_at"),
    revokedAt: timestamptz("revoked_at"),
  },
  (t) => [
    uniqueIndex("personal_api_key_lookup_id_key").on(t.lookupId),
    index("personal_api_key_user_id_idx").on(t.userId),
    index("personal_api_key_tenant_id_idx").on(t.tenantId),
    check("personal_api_key_expiry_after_creation", sql`${t.expiresAt} > ${t.createdAt}`),
  ],
);
