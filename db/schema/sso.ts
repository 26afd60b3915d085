import { sql } from "drizzle-orm";
import { boolean, check, pgEnum, pgTable, text, timestamp } from "drizzle-orm/pg-core";
import { tenants } from "./tenants";

const timestamptz = (name: string) => timestamp(name, { mode: "date", withTimezone: true });

export const ssoKind = pgEnum("sso_kind", ["entra", "oidc"]);
/** What happens to someone whose role claim carries neither the admin nor the member value. */
export const ssoUnmatchedRole = pgEnum("sso_unmatched_role", ["refuse", "member"]);

/**
 * A tenant's own identity provider: its Microsoft Entra app (directory GUID) or any OpenID Connect issuer. The
 * client secret is stored only encrypted (`SECRET_ENCRYPTION_KEY`, with the key id inside the ciphertext so keys
 * can rotate). Saving with `enabled` on first runs Test connection with the credentials being saved, so an enabled
 * configuration is one that worked when it was enabled.
 */
export const tenantSsoConfigs = pgTable(
  "tenant_sso_config",
  {
    tenantId: text("tenant_id")
      .primaryKey()
      .references(() => tenants.id, { onDelete: "cascade" }),
    kind: ssoKind("kind").notNull().default("entra"),
    entraTenantId: text("entra_tenant_id"),
    issuerUrl: text("issuer_url"),
    clientId: text("client_id"),
    clientSecretEncrypted: text("client_secret_encrypted"),
    clientSecretExpiresAt: timestamptz("client_secret_expires_at"),
    adminRoleValue: text("admin_role_value").notNull().default("Gatehouse.Admin"),
    memberRoleValue: text("member_role_value").notNull().default("Gatehouse.Member"),
    /** The claim that carries the roles (a string or an array of strings): `roles` for Entra, often `groups`. */
    roleClaim: text("role_claim").notNull().default("roles"),
    unmatchedRole: ssoUnmatchedRole("unmatched_role").notNull().default("refuse"),
    /** The name people see for a non-Entra issuer (login button, error pages, status); null: the issuer's host. */
    displayName: text("display_name"),
    enabled: boolean("enabled").notNull().default(false),
    updatedAt: timestamptz("updated_at").notNull().defaultNow(),
    updatedBy: text("updated_by"),
  },
  (t) => [check("tenant_sso_config_enabled_complete", sql`not ${t.enabled} or (${t.clientId} is not null and ${t.clientSecretEncrypted} is not null)`)],
);
