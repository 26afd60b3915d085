import { index, pgEnum, pgTable, primaryKey, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";

const timestamptz = (name: string) => timestamp(name, { mode: "date", withTimezone: true });

export const staffRole = pgEnum("staff_role", ["admin", "support"]);

/**
 * The operator's staff, who sign in to the management console through its own single-tenant Entra app. These tables
 * are disjoint from the tenant users' (`user`, `account`, `session`): a tenant-user session token means nothing to
 * the console and a staff session token nothing to the tenant instance. `role` is refreshed from the app's roles
 * claim (`Staff.Admin` → admin, `Staff.Support` → support) at every sign-in.
 */
export const staffUsers = pgTable("staff_user", {
  id: text("id").primaryKey().$defaultFn(() => crypto.randomUUID()),
  name: text("name"),
  /** Display only: staff are keyed on their Entra (tid, oid) in staff_account. */
  email: text("email"),
  role: staffRole("role").notNull(),
  createdAt: timestamptz("created_at").notNull().defaultNow(),
  lastSignInAt: timestamptz("last_sign_in_at"),
});

export const staffAccounts = pgTable(
  "staff_account",
  {
    provider: text("provider").notNull(),
    /** `tid:oid` of the staff member in the operator's directory. */
    providerAccountId: text("provider_account_id").notNull(),
    staffUserId: text("staff_user_id")
      .notNull()
      .references(() => staffUsers.id, { onDelete: "cascade" }),
    createdAt: timestamptz("created_at").notNull().defaultNow(),
  },
  // One identity per staff member: a second Entra account can never be linked to an existing staff user.
  (t) => [primaryKey({ columns: [t.provider, t.providerAccountId] }), uniqueIndex("staff_account_staff_user_id_key").on(t.staffUserId)],
);

/** Staff sessions: at most 8 hours from sign-in, never extended. */
export const staffSessions = pgTable(
  "staff_session",
  {
    sessionToken: text("session_token").primaryKey(),
    staffUserId: text("staff_user_id")
      .notNull()
      .references(() => staffUsers.id, { onDelete: "cascade" }),
    expires: timestamptz("expires").notNull(),
    createdAt: timestamptz("created_at").notNull().defaultNow(),
  },
  (t) => [index("staff_session_staff_user_id_idx").on(t.staffUserId), index("staff_session_expires_idx").on(t.expires)],
);
