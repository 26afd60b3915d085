import { sql } from "drizzle-orm";
import { boolean, check, pgTable, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";
import { users } from "./auth";

const timestamptz = (name: string) => timestamp(name, { mode: "date", withTimezone: true });

/**
 * A password is a credential of a user, not a property of one: most users never have one. `login` is what the
 * person types (an e-mail, or the break-glass `admin`), stored lower-case. `hash` is self-describing
 * (`$scrypt$ln=…,r=…,p=…$salt$key`), so parameters can be raised without a migration.
 */
export const passwordCredentials = pgTable(
  "password_credential",
  {
    userId: text("user_id")
      .primaryKey()
      .references(() => users.id, { onDelete: "cascade" }),
    login: text("login").notNull(),
    hash: text("hash").notNull(),
    mustChange: boolean("must_change").notNull().default(false),
    changedAt: timestamptz("changed_at").notNull().defaultNow(),
  },
  (t) => [uniqueIndex("password_credential_login_key").on(t.login), check("password_credential_login_lower_case", sql`${t.login} = lower(${t.login})`)],
);
