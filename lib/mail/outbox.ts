import type { Clock } from "@/lib/time/clock";
import type { Mailer, OutgoingMail } from "./mailer";

/**
 * Development mail without an SMTP server (never in production: settings refuse to start there without
 * SMTP_URL): each message is written to the server log, links included, so a developer can follow them, and the
 * latest ones are kept in this process's memory for the Outbox page.
 */
export type OutboxEntry = OutgoingMail & { from: string; sentAt: Date };

const OUTBOX_SIZE = 50;
const store = globalThis as typeof globalThis & { __gatehouseOutbox?: OutboxEntry[] };

export function outboxEntries(): OutboxEntry[] {
  return [...(store.__gatehouseOutbox ?? [])].reverse();
}

export function createOutboxMailer(options: { from: string; log: (line: string) => void; clock: Clock }): Mailer {
  return {
    async send(mail) {
      const entry: OutboxEntry = { ...mail, from: options.from, sentAt: options.clock.now() };
      const kept = (store.__gatehouseOutbox ??= []);
      kept.push(entry);
      if (kept.length > OUTBOX_SIZE) kept.splice(0, kept.length - OUTBOX_SIZE);
      options.log(`Mail (no SMTP_URL, not sent) to ${mail.to}: ${mail.subject}\n${mail.text}`);
    },
  };
}
