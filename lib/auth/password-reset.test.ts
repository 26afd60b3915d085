import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { auditEvents, passwordCredentials, passwordResetTokens, sessions } from "@/db/schema";
import { withTestDatabase } from "@/db/testing/test-database";
import { createPasswordUser } from "@/lib/testing/fixtures";
import { frozenClock } from "@/lib/time/clock";
import { verifyPassword } from "./password-hash";
import { openResetLink, resetPassword } from "./password-reset";
import { PASSWORD_RESET_TTL_MS, newResetToken } from "./password-reset-token";
import { createSession } from "./sessions";
import { accountBucket, ACCOUNT_RULE, lockedUntil, recordFailure } from "./sign-in-throttle";

const t = withTestDatabase();
const NEW = "a fresh reset passphrase";

/** A user with a password, two sessions and a pending reset link issued at `issuedAt`. */
async function userWithResetLink(login: string, issuedAt: string) {
  const clock = frozenClock(issuedAt);
  const user = await createPasswordUser(t.db, { login, password: "the forgotten passphrase" });
  await createSession(t.db, { userId: user.id, tenantId: null }, clock);
  await createSession(t.db, { userId: user.id, tenantId: null }, clock);
  const { token, tokenHash } = newResetToken();
  await t.db.insert(passwordResetTokens).values({ userId: user.id, tokenHash, expiresAt: new Date(clock.now().getTime() + PASSWORD_RESET_TTL_MS) });
  return { user, token, clock };
}

describe("resetPassword", () => {
  it("sets the new password, ends every session of the account and audits it", async () => {
    const { user, token, clock } = await userWithResetLink("cara@contoso.example", "2026-11-28T09:00:00Z");
    const result = await resetPassword(t.db, { token, newPassword: NEW, confirmation: NEW, clientIp: "10.0.0.1" }, clock);
    expect(result).toEqual({ ok: true, sessionsEnded: 2 });
    const [credential] = await t.db.select().from(passwordCredentials).where(eq(passwordCredentials.userId, user.id));
    expect(await verifyPassword(NEW, credential!.hash)).toBe(true);
    expect(await t.db.select().from(sessions).where(eq(sessions.userId, user.id))).toHaveLength(0);
    const events = await t.db.select().from(auditEvents).where(eq(auditEvents.actorId, user.id));
    expect(events.map((e) => `${e.kind}:${e.outcome}`)).toEqual(["password_reset.completed:success"]);
  });

  it("refuses a link used once already, and the second use changes nothing", async () => {
    const { user, token, clock } = await userWithResetLink("dan@contoso.example", "2026-11-28T09:00:00Z");
    expect((await resetPassword(t.db, { token, newPassword: NEW, confirmation: NEW, clientIp: "10.0.0.1" }, clock)).ok).toBe(true);
    const again = await resetPassword(t.db, { token, newPassword: "another passphrase here", confirmation: "another passphrase here", clientIp: "10.0.0.1" }, clock);
    expect(again).toEqual({ ok: false, code: "reset_link_used" });
    const [credential] = await t.db.select().from(passwordCredentials).where(eq(passwordCredentials.userId, user.id));
    expect(await verifyPassword(NEW, credential!.hash)).toBe(true);
  });

  it("refuses a link 30 minutes after it was issued, and accepts it a moment before", async () => {
    const late = await userWithResetLink("eve@contoso.example", "2026-11-28T09:00:00Z");
    late.clock.advance(PASSWORD_RESET_TTL_MS);
    expect(await resetPassword(t.db, { token: late.token, newPassword: NEW, confirmation: NEW, clientIp: "10.0.0.1" }, late.clock)).toEqual({
      ok: false,
      code: "reset_link_expired",
    });
    const inTime = await userWithResetLink("fay@contoso.example", "2026-11-28T09:00:00Z");
    inTime.clock.advance(PASSWORD_RESET_TTL_MS - 1000);
    expect((await resetPassword(t.db, { token: inTime.token, newPassword: NEW, confirmation: NEW, clientIp: "10.0.0.1" }, inTime.clock)).ok).toBe(true);
  });

  it("refuses a token that was never issued, and audits the refusal", async () => {
    const clock = frozenClock("2026-11-28T09:00:00Z");
    for (const token of ["x".repeat(43), "short", undefined, "../../etc"])
      expect(await resetPassword(t.db, { token, newPassword: NEW, confirmation: NEW, clientIp: "10.9.9.9" }, clock)).toEqual({ ok: false, code: "reset_link_invalid" });
    const refused = await t.db.select().from(auditEvents).where(eq(auditEvents.clientIp, "10.9.9.9"));
    expect(refused).toHaveLength(4);
    expect(refused.every((e) => e.kind === "password_reset.completed" && e.outcome === "failure")).toBe(true);
  });

  it("applies the password policy and the confirmation, keeping the link usable", async () => {
    const { token, clock } = await userWithResetLink("gus@contoso.example", "2026-11-28T09:00:00Z");
    expect(await resetPassword(t.db, { token, newPassword: "short", confirmation: "short", clientIp: "10.0.0.1" }, clock)).toEqual({
      ok: false,
      code: "weak_password",
      message: "Use at least 12 characters.",
    });
    expect(await resetPassword(t.db, { token, newPassword: NEW, confirmation: `${NEW}!`, clientIp: "10.0.0.1" }, clock)).toEqual({ ok: false, code: "passwords_do_not_match" });
    expect((await resetPassword(t.db, { token, newPassword: NEW, confirmation: NEW, clientIp: "10.0.0.1" }, clock)).ok).toBe(true);
  });

  it("lifts the account's sign-in lock", async () => {
    const { token, clock } = await userWithResetLink("hal@contoso.example", "2026-11-28T09:00:00Z");
    for (let i = 0; i < ACCOUNT_RULE.limit; i++) await recordFailure(t.db, accountBucket("hal@contoso.example"), ACCOUNT_RULE, clock);
    expect(await lockedUntil(t.db, [accountBucket("hal@contoso.example")], clock)).toBeDefined();
    expect((await resetPassword(t.db, { token, newPassword: NEW, confirmation: NEW, clientIp: "10.0.0.1" }, clock)).ok).toBe(true);
    expect(await lockedUntil(t.db, [accountBucket("hal@contoso.example")], clock)).toBeUndefined();
  });
});

describe("openResetLink", () => {
  it("gives the account's login for a good link, and audits a used or unknown one", async () => {
    const { user, token, clock } = await userWithResetLink("ivy@contoso.example", "2026-11-28T09:00:00Z");
    expect(await openResetLink(t.db, { token, clientIp: "10.7.0.1" }, clock)).toEqual({ ok: true, login: "ivy@contoso.example" });
    await resetPassword(t.db, { token, newPassword: NEW, confirmation: NEW, clientIp: "10.7.0.1" }, clock);
    expect(await openResetLink(t.db, { token, clientIp: "10.7.0.1" }, clock)).toMatchObject({ ok: false, code: "reset_link_used" });
    expect(await openResetLink(t.db, { token: "B".repeat(43), clientIp: "10.7.0.1" }, clock)).toEqual({ ok: false, code: "reset_link_invalid" });
    const refused = await t.db.select().from(auditEvents).where(eq(auditEvents.kind, "password_reset.link_refused"));
    expect(refused.map((e) => [e.actorId, (e.detail as { reason: string }).reason])).toEqual([
      [user.id, "reset_link_used"],
      [null, "reset_link_invalid"],
    ]);
  });
});
