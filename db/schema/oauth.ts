import { index, jsonb, pgTable, primaryKey, text, timestamp } from "drizzle-orm/pg-core";

const timestamptz = (name: string) => timestamp(name, { mode: "date", withTimezone: true });

/**
 * Everything the authorization server (oidc-provider) stores: sessions, interactions, grants, authorization codes,
 * refresh tokens, registered clients … one row per (model, id) with the library's payload as it gave it. The
 * lookups it needs beside the id have their own indexed columns: a grant's family (revoking a grant removes every
 * token of it), a session's uid and a device flow's user code. Rows past `expires_at` are never returned.
 */
export const oauthModels = pgTable(
  "oauth_model",
  {
    model: text("model").notNull(),
    id: text("id").notNull(),
    payload: jsonb("payload").$type<Record<string, unknown>>().notNull(),
    grantId: text("grant_id"),
    userCode: text("user_code"),
    uid: text("uid"),
    expiresAt: timestamptz("expires_at"),
    consumedAt: timestamptz("consumed_at"),
  },
  (t) => [
    primaryKey({ columns: [t.model, t.id] }),
    index("oauth_model_grant_id_idx").on(t.grantId),
    index("oauth_model_uid_idx").on(t.model, t.uid),
    index("oauth_model_user_code_idx").on(t.model, t.userCode),
    index("oauth_model_expires_at_idx").on(t.expiresAt),
  ],
);

/**
 * The authorization server's signing keys (ES256). The public JWK is published; the private JWK is sealed with
 * SECRET_ENCRYPTION_KEY (lib/crypto/secret-box.ts). The newest key that is not retired signs; every key not yet
 * retired is published and verifies, so a rotation overlaps: tokens signed by the previous key stay valid until
 * `retires_at`, after which the key is no longer published or trusted anywhere.
 */
export const oauthSigningKeys = pgTable(
  "oauth_signing_key",
  {
    kid: text("kid").primaryKey(),
    publicJwk: jsonb("public_jwk").$type<Record<string, unknown>>().notNull(),
    sealedPrivateJwk: text("sealed_private_jwk").notNull(),
    createdAt: timestamptz("created_at").notNull(),
    retiresAt: timestamptz("retires_at"),
  },
  (t) => [index("oauth_signing_key_created_at_idx").on(t.createdAt)],
);

/**
 * What a person allowed a client: one row per (user, client) with the scopes, resource and workspace of the consent
 * and the oidc-provider grant that carries it. A later authorization asking for no more than this is not asked
 * again; revoking the row (Connected apps, offboarding) revokes the grant and with it every token of the family.
 */
export const oauthConsents = pgTable(
  "oauth_consent",
  {
    userId: text("user_id").notNull(),
    clientId: text("client_id").notNull(),
    tenantId: text("tenant_id"),
    grantId: text("grant_id").notNull(),
    scopes: text("scopes").notNull(),
    resource: text("resource").notNull(),
    clientName: text("client_name"),
    createdAt: timestamptz("created_at").notNull(),
    updatedAt: timestamptz("updated_at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.clientId] }), index("oauth_consent_grant_id_idx").on(t.grantId)],
);
