import { sql } from "drizzle-orm";
import { check, index, pgTable, primaryKey, text, timestamp, uniqueIndex, integer } from "drizzle-orm/pg-core";
import { tenants } from "./tenants";

/**
 * The Auth.js tables, in the shape @auth/drizzle-adapter reads (it addresses columns by these property names), with
 * `timestamptz` everywhere and e-mails stored lower-case under a unique index. A user is never found by e-mail to
 * sign them in: OIDC identities are accounts keyed on (provider, providerAccountId), where providerAccountId is the
 * immutable `tid:oid` (Entra) or `iss` + `sub` (generic OIDC).
 */

const timestamptz = (name: string) => timestamp(name, { mode: "date", withTimezone: true });

export const users = pgTable(
  "user",
  {
    id: text("id").primaryKey().$defaultFn(() => crypto.randomUUID()),
    name: text("name"),
    /** An address the user's identity provider vouches for (or the one a password account was created with). */
    email: text("email"),
    /**
     * An address an identity provider asserted without vouching for it (Entra without `xms_edov`): shown as
     * unverified, never the user's e-mail, never unique, never an audit label.
     */
    unverifiedEmail: text("unverified_email"),
    emailVerified: timestamptz("email_verified"),
    image: text("image"),
    createdAt: timestamptz("created_at").notNull().defaultNow(),
    lastSignInAt: timestamptz("last_sign_in_at"),
  },
  (t) => [
    uniqueIndex("user_email_key").on(t.email),
    check("user_email_lower_case", sql`${t.email} = lower(${t.email})`),
  ],
);

export const accounts = pgTable(
  "account",
  {
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    type: text("type").$type<"oauth" | "oidc" | "email" | "webauthn">().notNull(),
    provider: text("provider").notNull(),
    providerAccountId: text("provider_account_id").notNull(),
    refresh_token: text("refresh_token"),
    access_token: text("access_token"),
    expires_at: integer("expires_at"),
    token_type: text("token_type"),
    scope: text("scope"),
    id_token: text("id_token"),
    session_state: text("session_state"),
    createdAt: timestamptz("created_at").notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.provider, t.providerAccountId] }), index("account_user_id_idx").on(t.userId)],
);

/**
 * A session is a row; the cookie holds only its random token. Deleting the row (sign-out, removal of a user or
 * tenant) ends the session at the next request. `tenantId` records which tenant the session acts for;
 * `signInMethod` and `vouchedDomain` record how it was made, so AUTH_POLICY can be re-checked on every request.
 */
export const sessions = pgTable(
  "session",
  {
    sessionToken: text("session_token").primaryKey(),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    expires: timestamptz("expires").notNull(),
    tenantId: text("tenant_id").references(() => tenants.id, { onDelete: "cascade" }),
    signInMethod: text("sign_in_method").$type<"password" | "microsoft" | "tenant_sso">(),
    /** The e-mail domain the identity provider vouched for at sign-in (null for passwords and unverified e-mails). */
    vouchedDomain: text("vouched_domain"),
    createdAt: timestamptz("created_at").notNull().defaultNow(),
  },
  (t) => [index("session_tenant_id_idx").on(t.tenantId), index("session_user_id_idx").on(t.userId), index("session_expires_idx").on(t.expires)],
);

export const verificationTokens = pgTable(
  "verification_token",
  {
    identifier: text("identifier").notNull(),
    token: text("token").notNull(),
    expires: timestamptz("expires").notNull(),
  },
  (t) => [primaryKey({ columns: [t.identifier, t.token] })],
);
