import { index, pgTable, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";
import { users } from "./auth";
import { tenantRole, tenants } from "./tenants";

const timestamptz = (name: string) => timestamp(name, { mode: "date", withTimezone: true });

/**
 * A single-use link that makes whoever accepts it (before it expires) a member of a tenant with the given role —
 * how staff hand a new tenant to its first admin. Only the SHA-256 of the link's random token is stored.
 */
export const tenantInvitations = pgTable(
  "tenant_invitation",
  {
    id: text("id").primaryKey().$defaultFn(() => crypto.randomUUID()),
    tenantId: text("tenant_id")
      .notNull()
      .references(() => tenants.id, { onDelete: "cascade" }),
    email: text("email").notNull(),
    role: tenantRole("role").notNull(),
    tokenHash: text("token_hash").notNull(),
    expiresAt: timestamptz("expires_at").notNull(),
    acceptedAt: timestamptz("accepted_at"),
    acceptedByUserId: text("accepted_by_user_id").references(() => users.id, { onDelete: "set null" }),
    /** Set when staff revoke the invitation (or re-issue it, which revokes the old link): the link stops working. */
    revokedAt: timestamptz("revoked_at"),
    /** The staff member who created it (plain text: the audit trail outlives staff rows). */
    createdByStaffId: text("created_by_staff_id"),
    createdAt: timestamptz("created_at").notNull().defaultNow(),
  },
  (t) => [uniqueIndex("tenant_invitation_token_hash_key").on(t.tokenHash), index("tenant_invitation_tenant_id_idx").on(t.tenantId)],
);
