import { integer, pgTable, text, timestamp } from "drizzle-orm/pg-core";

const timestamptz = (name: string) => timestamp(name, { mode: "date", withTimezone: true });

/**
 * Failed sign-in counters, one row per bucket (`account:<login>` or `ip:<address>`). They live in the database so
 * that every instance behind a load balancer sees the same counts.
 */
export const signInThrottle = pgTable("sign_in_throttle", {
  bucket: text("bucket").primaryKey(),
  failures: integer("failures").notNull(),
  windowStartedAt: timestamptz("window_started_at").notNull(),
  lockedUntil: timestamptz("locked_until"),
});
