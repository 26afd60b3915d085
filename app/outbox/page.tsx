import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { getSettings } from "@/lib/config/load-settings";
import { outboxEnabled } from "@/lib/mail/mailer-for-settings";
import { outboxEntries } from "@/lib/mail/outbox";
import { formatUtcDateTime } from "@/lib/time/format-utc";
import { Card, Page, linkClass } from "../_components/ui";

export const metadata: Metadata = { title: "Outbox" };
export const dynamic = "force-dynamic";

/** Splits a mail's text so that its links can be followed from the page. */
function withLinks(text: string) {
  return text.split(/(https?:\/\/\S+)/g).map((part, index) =>
    /^https?:\/\//.test(part) ? (
      <a key={index} href={part} className={`${linkClass} break-all`}>
        {part}
      </a>
    ) : (
      part
    ),
  );
}

/**
 * The mail this server would have sent, for development without an SMTP server. It does not exist in production,
 * nor where SMTP_URL is set (mail then really leaves).
 */
export default function OutboxPage() {
  if (!outboxEnabled(getSettings())) notFound();
  const entries = outboxEntries();
  return (
    <Page>
      <Card title="Outbox" subtitle="SMTP_URL is not set, so mail is not sent: it is written to the server log and listed here (newest first).">
        {entries.length === 0 ? <p className="text-sm text-slate-500">No mail yet.</p> : null}
        <ul className="space-y-4" data-testid="outbox">
          {entries.map((mail, index) => (
            <li key={index} className="rounded-lg border border-slate-200 p-3 text-sm">
              <p className="font-medium break-all">{mail.subject}</p>
              <p className="text-xs break-all text-slate-500">
                To {mail.to} · {formatUtcDateTime(mail.sentAt)}
              </p>
              <pre className="mt-2 font-sans text-sm whitespace-pre-wrap">{withLinks(mail.text)}</pre>
            </li>
          ))}
        </ul>
      </Card>
    </Page>
  );
}
