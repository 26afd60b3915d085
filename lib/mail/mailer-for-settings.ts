import type { Settings } from "@/lib/config/settings";
import { systemClock } from "@/lib/time/clock";
import type { Mailer } from "./mailer";
import { createOutboxMailer } from "./outbox";
import { createSmtpMailer } from "./smtp-mailer";

const cache = globalThis as typeof globalThis & { __gatehouseMailer?: Mailer };

/**
 * The process's mailer: SMTP when `SMTP_URL` is set, otherwise (outside production only: production refuses to
 * start without it) the log and the Outbox page. One SMTP transport per process.
 */
export function mailerFor(settings: Settings): Mailer {
  if (cache.__gatehouseMailer) return cache.__gatehouseMailer;
  const { smtpUrl, from } = settings.mail;
  if (!smtpUrl && settings.production) throw new Error("SMTP_URL is required in production");
  cache.__gatehouseMailer = smtpUrl
    ? createSmtpMailer({ url: smtpUrl, from })
    : createOutboxMailer({ from, log: (line) => console.log(line), clock: systemClock });
  return cache.__gatehouseMailer;
}

/** Whether the Outbox page exists: only where mail is not really sent, and never in production. */
export function outboxEnabled(settings: Settings): boolean {
  return !settings.production && !settings.mail.smtpUrl;
}
