import { index, pgTable, text, timestamp } from "drizzle-orm/pg-core";

const timestamptz = (name: string) => timestamp(name, { mode: "date", withTimezone: true });

/**
 * Every OIDC sign-in that was started and not yet completed. The start writes the row; the callback deletes it in
 * the same transaction that writes the session, so a sign-in completes at most once — on any instance, even when
 * the identity provider would honour its code twice. The flow cookie names the row; expired rows are swept.
 */
export const signInAttempts = pgTable(
  "sign_in_attempt",
  {
    id: text("id").primaryKey(),
    /** The provider the attempt was started for (`microsoft-entra-id`, `t-<key>`, `staff-entra`). */
    provider: text("provider").notNull(),
    expiresAt: timestamptz("expires_at").notNull(),
    createdAt: timestamptz("created_at").notNull().defaultNow(),
  },
  (t) => [index("sign_in_attempt_expires_at_idx").on(t.expiresAt)],
);
