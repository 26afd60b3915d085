import { index, pgTable, primaryKey, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";
import { tenants } from "./tenants";

const timestamptz = (name: string) => timestamp(name, { mode: "date", withTimezone: true });

/**
 * A workspace's Okta org for Enterprise-Managed Auth (ID-JAG): the org authorization server's issuer, as its discovery
 * document states it (`https://<org>.okta.com`, never a custom authorization server), and the optional scopes every
 * access token is narrowed to. One org issuer binds to one workspace, so an ID-JAG's `iss` names its workspace.
 */
export const oktaOrgs = pgTable(
  "okta_org",
  {
    tenantId: text("tenant_id")
      .primaryKey()
      .references(() => tenants.id, { onDelete: "cascade" }),
    issuer: text("issuer").notNull(),
    /** Space-separated; null: whatever Okta authorized (within the scopes Gatehouse knows). */
    scope: text("scope"),
    updatedAt: timestamptz("updated_at").notNull(),
    updatedBy: text("updated_by"),
  },
  (t) => [uniqueIndex("okta_org_issuer_key").on(t.issuer)],
);

/**
 * ID-JAGs already redeemed, by (issuer, jti), kept until the assertion's own `exp` (at most a few minutes at Okta):
 * an ID-JAG buys one access token, and a second presentation is refused (see lib/okta/id-jag-replay.ts).
 */
export const idJagRedemptions = pgTable(
  "id_jag_redemption",
  {
    issuer: text("issuer").notNull(),
    jti: text("jti").notNull(),
    clientId: text("client_id").notNull(),
    expiresAt: timestamptz("expires_at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.issuer, t.jti] }), index("id_jag_redemption_expires_at_idx").on(t.expiresAt)],
);
