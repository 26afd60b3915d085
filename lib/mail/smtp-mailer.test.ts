import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSmtpSink, type SmtpSink } from "@/e2e/support/smtp-sink";
import { createSmtpMailer } from "./smtp-mailer";

let sink: SmtpSink;
beforeAll(async () => {
  sink = await startSmtpSink();
});
afterAll(() => sink.stop());

describe("createSmtpMailer", () => {
  it("delivers the message over SMTP to the recipient, from MAIL_FROM, with its subject and text intact", async () => {
    const mailer = createSmtpMailer({ url: sink.url, from: "Gatehouse <no-reply@gatehouse.example>" });
    const link = `https://id.example.com/reset-password/${"x".repeat(43)}`;
    await mailer.send({ to: "ana@contoso.example", subject: "Réinitialiser — reset", text: `Open this link:\n${link}\n` });
    mailer.close();
    const mail = await sink.waitForMail("ana@contoso.example");
    expect(mail.from).toBe("no-reply@gatehouse.example");
    expect(mail.to).toEqual(["ana@contoso.example"]);
    expect(mail.subject).toBe("Réinitialiser — reset");
    expect(mail.text).toContain(link);
  });

  it("fails the send when no SMTP server answers, instead of pretending it went", async () => {
    const mailer = createSmtpMailer({ url: "smtp://127.0.0.1:1", from: "no-reply@gatehouse.example" });
    await expect(mailer.send({ to: "ana@contoso.example", subject: "s", text: "t" })).rejects.toThrow();
    mailer.close();
  });
});
