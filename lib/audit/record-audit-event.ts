import { randomBytes } from "node:crypto";
import type { Database } from "@/db/client";
import { auditEvents } from "@/db/schema";
import type { Clock } from "@/lib/time/clock";
import { storableDetail, storableText } from "./storable";

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
    actorLabel: event.actor.label == null ? null : storableText(event.actor.label, 320),
    tenantId: event.tenantId ?? null,
    clientIp: event.clientIp ?? null,
    detail: (storableDetail(event.detail ?? {}) as Record<string, unknown>),
  });
  return reference;
}
