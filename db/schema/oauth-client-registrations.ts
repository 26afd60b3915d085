import { index, pgTable, text, timestamp } from "drizzle-orm/pg-core";

const timestamptz = (name: string) => timestamp(name, { mode: "date", withTimezone: true });

/**
 * The console's bookkeeping for confidential clients staff registered: the name staff gave it, who registered it and
 * when, when its secret last rotated. The client itself (grant types, redirect URIs, hashed secrets) is the
 * authorization server's `Client` row (lib/oauth/stored-clients.ts); deleting a client removes both.
 */
export const oauthClientRegistrations = pgTable(
  "oauth_client_registration",
  {
    clientId: text("client_id").primaryKey(),
    name: text("name").notNull(),
    createdBy: text("created_by"),
    createdAt: timestamptz("created_at").notNull(),
    secretRotatedAt: timestamptz("secret_rotated_at"),
  },
  (t) => [index("oauth_client_registration_created_at_idx").on(t.createdAt)],
);
