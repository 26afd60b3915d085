import nodemailer from "nodemailer";
import type { Mailer } from "./mailer";

/**
 * Sends through the SMTP server of `SMTP_URL` with nodemailer (smtp:// upgrades with STARTTLS when the server offers
 * it; smtps:// is TLS from the start). Time limits keep a silent mail server from holding a request for minutes:
 * nodemailer's defaults wait up to 10 minutes for a greeting.
 */
export function createSmtpMailer(options: { url: string; from: string }): Mailer & { close(): void } {
  const transport = nodemailer.createTransport(options.url, { from: options.from });
  transport.set("connectionTimeout", 10_000);
  transport.set("greetingTimeout", 10_000);
  transport.set("socketTimeout", 20_000);
  return {
    async send(mail) {
      await transport.sendMail({ from: options.from, to: mail.to, subject: mail.subject, text: mail.text });
    },
    close: () => transport.close(),
  };
}
