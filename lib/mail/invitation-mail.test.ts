import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSmtpSink, type SmtpSink } from "@/e2e/support/smtp-sink";
import { sendInvitationMail } from "./invitation-mail";
import { createSmtpMailer } from "./smtp-mailer";

let sink: SmtpSink;
beforeAll(async () => {
  sink = await startSmtpSink();
});
afterAll(() => sink.stop());

describe("sendInvitationMail", () => {
  it("mails the link with the workspace, the role and the expiry, and says it went", async () => {
    const mailer = createSmtpMailer({ url: sink.url, from: "no-reply@gatehouse.example" });
    const link = `https://id.example.com/invite/${"a".repeat(43)}`;
    const sent = await sendInvitationMail(mailer, { to: "lia@litware.example", link, workspace: "Litware", role: "admin", expiresAt: new Date("2026-12-05T09:30:00Z") });
    mailer.close();
    expect(sent).toBe(true);
    const mail = await sink.waitForMail("lia@litware.example");
    expect(mail.subject).toBe("You are invited to Litware on Gatehouse");
    expect(mail.text).toContain("as an admin");
    expect(mail.text).toContain("until 5 Dec 2026, 09:30 UTC");
    expect(mail.text).toContain(link);
  });

  it("says it did not go when the mail server cannot be reached, without throwing", async () => {
    const mailer = createSmtpMailer({ url: "smtp://127.0.0.1:1", from: "no-reply@gatehouse.example" });
    const sent = await sendInvitationMail(mailer, { to: "x@litware.example", link: "https://id.example.com/invite/x", workspace: "Litware", role: "member", expiresAt: new Date() });
    mailer.close();
    expect(sent).toBe(false);
  });
});
