import { index, pgTable, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";
import { users } from "./auth";

const timestamptz = (name: string) => timestamp(name, { mode: "date", withTimezone: true });

/**
 * A password-reset link `/reset-password/<token>` mailed to a password account's address: single-use, short-lived.
 * Only the SHA-256 of the link's random token is stored, so a database reader cannot use a pending link.
 */
export const passwordResetTokens = pgTable(
  "password_reset_token",
  {
    id: text("id").primaryKey().$defaultFn(() => crypto.randomUUID()),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    tokenHash: text("token_hash").notNull(),
    expiresAt: timestamptz("expires_at").notNull(),
    usedAt: timestamptz("used_at"),
    createdAt: timestamptz("created_at").notNull().defaultNow(),
  },
  (t) => [uniqueIndex("password_reset_token_token_hash_key").on(t.tokenHash), index("password_reset_token_user_id_idx").on(t.userId)],
);
