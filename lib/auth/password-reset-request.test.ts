import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditEvents, passwordResetTokens } from "@/db/schema";
import { withTestDatabase } from "@/db/testing/test-database";
import { startSmtpSink, type SmtpSink } from "@/e2e/support/smtp-sink";
import { createSmtpMailer } from "@/lib/mail/smtp-mailer";
import { createPasswordUser } from "@/lib/testing/fixtures";
import { frozenClock } from "@/lib/time/clock";
import { RESET_ADDRESS_RULE, RESET_CLIENT_RULE, requestPasswordReset } from "./password-reset-request";
import { resetTokenHash } from "./password-reset-token";

const t = withTestDatabase();
let sink: SmtpSink;
let mailer: ReturnType<typeof createSmtpMailer>;
beforeAll(async () => {
  sink = await startSmtpSink();
  mailer = createSmtpMailer({ url: sink.url, from: "Gatehouse <no-reply@gatehouse.example>" });
});
afterAll(async () => {
  mailer.close();
  await sink.stop();
});

const resetUrl = (token: string) => `https://id.example.com/reset-password/${token}`;
const request = (email: unknown, clientIp: string, clock = frozenClock("2026-11-28T09:00:00Z")) =>
  requestPasswordReset(t.db, mailer, { email, clientIp, resetUrl }, clock);

describe("requestPasswordReset", () => {
  it("mails a link whose token is stored only as its hash and expires in 30 minutes", async () => {
    const user = await createPasswordUser(t.db, { login: "ana@contoso.example", password: "an old passphrase" });
    const before = sink.messages.length;
    const result = await request(" Ana@Contoso.example ", "10.1.0.1");
    expect(result.ok).toBe(true);
    if (result.ok) await result.delivery;
    const mail = await sink.waitForMail("ana@contoso.example", { after: before });
    expect(mail.subject).toBe("Choose a new Gatehouse password");
    const token = /reset-password\/([A-Za-z0-9_-]{43})/.exec(mail.text)?.[1];
    expect(token).toBeDefined();
    const rows = await t.db.select().from(passwordResetTokens).where(eq(passwordResetTokens.userId, user.id));
    expect(rows).toHaveLength(1);
    expect(rows[0]!.tokenHash).toBe(resetTokenHash(token!));
    expect(rows[0]!.tokenHash).not.toContain(token!);
    expect(rows[0]!.expiresAt.toISOString()).toBe("2026-11-28T09:30:00.000Z");
  });

  it("answers an address without a password account exactly as one with, sends nothing and audits the refusal", async () => {
    await createPasswordUser(t.db, { login: "ben@contoso.example", password: "an old passphrase" });
    const before = sink.messages.length;
    const known = await request("ben@contoso.example", "10.2.0.1");
    const unknown = await request("nobody@contoso.example", "10.2.0.2");
    expect(Object.keys(known)).toEqual(Object.keys(unknown));
    expect(known.ok && unknown.ok).toBe(true);
    if (known.ok) await known.delivery;
    if (unknown.ok) await unknown.delivery;
    await sink.waitForMail("ben@contoso.example", { after: before });
    expect(sink.messages.slice(before).flatMap((m) => m.to)).not.toContain("nobody@contoso.example");
    const [event] = await t.db.select().from(auditEvents).where(eq(auditEvents.actorLabel, "nobody@contoso.example"));
    expect(event).toMatchObject({ kind: "password_reset.requested", outcome: "failure", detail: { reason: "no_password_account" } });
  });

  it("refuses input that is not an e-mail address", async () => {
    for (const email of ["", "admin", "not an address", 42, null]) expect(await request(email, "10.3.0.1")).toEqual({ ok: false, code: "reset_email_invalid" });
  });

  it("throttles one address after its limit within the window, from any client, whether or not it exists", async () => {
    const clock = frozenClock("2026-11-28T10:00:00Z");
    for (let i = 0; i < RESET_ADDRESS_RULE.limit; i++) expect((await request("ghost@contoso.example", `10.4.0.${i}`, clock)).ok).toBe(true);
    const refused = await request("ghost@contoso.example", "10.4.1.1", clock);
    expect(refused).toMatchObject({ ok: false, code: "password_reset_throttled" });
    const throttled = await t.db.select().from(auditEvents).where(eq(auditEvents.actorLabel, "ghost@contoso.example"));
    expect(throttled.filter((e) => (e.detail as { reason?: string }).reason === "throttled")).toHaveLength(1);
    clock.advance(RESET_ADDRESS_RULE.lockMs + 1);
    expect((await request("ghost@contoso.example", "10.4.1.1", clock)).ok).toBe(true);
  });

  it("throttles one client address across many addresses", async () => {
    const clock = frozenClock("2026-11-28T11:00:00Z");
    for (let i = 0; i < RESET_CLIENT_RULE.limit; i++) expect((await request(`spray${i}@contoso.example`, "10.5.0.1", clock)).ok).toBe(true);
    expect(await request("one-more@contoso.example", "10.5.0.1", clock)).toMatchObject({ ok: false, code: "password_reset_throttled" });
    expect((await request("one-more@contoso.example", "10.5.0.2", clock)).ok).toBe(true);
  });
});
