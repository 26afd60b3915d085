import { randomBytes } from "node:crypto";
import type { Database } from "@/db/client";
import { auditEvents } from "@/db/schema";
import type { Clock } from "@/lib/time/clock";

export type AuditEvent = {
  kind: string;
  outcome: "success" | "failure";
  actor: { type: "user" | "staff" | "system" | "anonymous"; id?: string | null; label?: string | null };
  tenantId?: string | null;
  clientIp?: string | null;
  /** Facts about the event. Never a secret, a password or a token. */
  detail?: Record<string, unknown>;
};

const ALPHABET = "ABCDEFGHJKMNPQRSTVWXYZ23456789"; // no 0/O, 1/I/L: read aloud over the phone without mistakes

/** A short reference such as `GH-7K3M-Q9TX`, shown on error pages so support can find the event. */
export function newReference(): string {
  const bytes = randomBytes(8);
  const chars = [...bytes].map((b) => ALPHABET[b % ALPHABET.length]).join("");
  return `GH-${chars.slice(0, 4)}-${chars.slice(4)}`;
}

export async function recordAuditEvent(db: Database, event: AuditEvent, clock: Clock): Promise<string> {
  const reference = newReference();
  await db.insert(auditEvents).values({
    reference,
    occurredAt: clock.now(),
    kind: event.kind,
    outcome: event.outcome,
    actorType: event.actor.type,
    actorId: event.actor.id ?? null,
    actorLabel: withoutNul(event.actor.label),
    tenantId: withoutNul(event.tenantId),
    clientIp: withoutNul(event.clientIp),
    detail: event.detail ? (JSON.parse(JSON.stringify(event.detail, (_key, value: unknown) => (typeof value === "string" ? withoutNul(value) : value))) as Record<string, unknown>) : {},
  });
  return reference;
}

/**
 * Refusals are audited with what the client sent (a label, Entra's error text), and Postgres cannot store a NUL
 * character in text or jsonb: it is dropped, so recording a hostile value never fails the request.
 */
function withoutNul<T extends string | null | undefined>(value: T): string | null {
  return value === null || value === undefined ? null : value.replace(/\u0000/g, "");
}
