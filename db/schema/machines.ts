import { sql } from "drizzle-orm";
import { check, index, pgEnum, pgTable, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";
import { tenants } from "./tenants";

const timestamptz = (name: string) => timestamp(name, { mode: "date", withTimezone: true });

export const machineStatus = pgEnum("machine_status", ["active", "disabled"]);

/**
 * A machine account of a workspace (Settings → Machines): an OAuth client of Gatehouse's authorization server that
 * gets access tokens for `/mcp` by client credentials. Its `client_id` is the id of its `Client` row in
 * `oauth_model`, which exists only while the machine is active and holds a secret. `credentials_revoked_at` is set
 * when it is disabled or its workspace offboarded: the gateway refuses tokens issued at or before that instant.
 * `last_used_at` (the last token issued) is written at most once a minute.
 */
export const machines = pgTable(
  "machine",
  {
    id: text("id").primaryKey().$defaultFn(() => crypto.randomUUID()),
    tenantId: text("tenant_id")
      .notNull()
      .references(() => tenants.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    clientId: text("client_id").notNull(),
    scopes: text("scopes").notNull(),
    status: machineStatus("status").notNull().default("active"),
    createdAt: timestamptz("created_at").notNull(),
    createdBy: text("created_by"),
    lastUsedAt: timestamptz("last_used_at"),
    credentialsRevokedAt: timestamptz("credentials_revoked_at"),
  },
  (t) => [uniqueIndex("machine_client_id_key").on(t.clientId), index("machine_tenant_id_idx").on(t.tenantId)],
);

/**
 * A machine's live client secrets, at most two (one being rotated out). Only the keyed hash of
 * lib/oauth/client-secrets.ts is kept; the machine's `Client` row carries the same hashes for the authorization
 * server. Retiring a secret deletes its row.
 */
export const machineSecrets = pgTable(
  "machine_secret",
  {
    id: text("id").primaryKey().$defaultFn(() => crypto.randomUUID()),
    machineId: text("machine_id")
      .notNull()
      .references(() => machines.id, { onDelete: "cascade" }),
    hash: text("hash").notNull(),
    createdAt: timestamptz("created_at").notNull(),
  },
  (t) => [index("machine_secret_machine_id_idx").on(t.machineId), check("machine_secret_hash_not_empty", sql`length(${t.hash}) > 0`)],
);
