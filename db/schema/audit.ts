import { index, jsonb, pgEnum, pgTable, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";

const timestamptz = (name: string) => timestamp(name, { mode: "date", withTimezone: true });

export const auditOutcome = pgEnum("audit_outcome", ["success", "failure"]);
export const auditActorType = pgEnum("audit_actor_type", ["user", "staff", "system", "anonymous"]);

/**
 * The audit trail: every sign-in (and each kind of refusal) and every configuration change. `reference` is the
 * short id an error page shows, so support can find the event a user reports. Tenant and actor are plain text, not
 * foreign keys: the trail outlives the rows it talks about.
 */
export const auditEvents = pgTable(
  "audit_event",
  {
    id: text("id").primaryKey().$defaultFn(() => crypto.randomUUID()),
    reference: text("reference").notNull(),
    occurredAt: timestamptz("occurred_at").notNull(),
    kind: text("kind").notNull(),
    outcome: auditOutcome("outcome").notNull(),
    actorType: auditActorType("actor_type").notNull(),
    actorId: text("actor_id"),
    actorLabel: text("actor_label"),
    tenantId: text("tenant_id"),
    clientIp: text("client_ip"),
    detail: jsonb("detail").$type<Record<string, unknown>>().notNull().default({}),
  },
  (t) => [
    uniqueIndex("audit_event_reference_key").on(t.reference),
    index("audit_event_occurred_at_idx").on(t.occurredAt),
    index("audit_event_tenant_idx").on(t.tenantId, t.occurredAt),
    index("audit_event_kind_idx").on(t.kind, t.occurredAt),
    index("audit_event_actor_idx").on(t.actorId, t.occurredAt),
  ],
);
