import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { auditEvents, passwordCredentials, sessions } from "@/db/schema";
import { withTestDatabase } from "@/db/testing/test-database";
import { createPasswordUser } from "@/lib/testing/fixtures";
import { frozenClock } from "@/lib/time/clock";
import { changePassword } from "./change-password";
import { needsRehash, verifyPassword } from "./password-hash";
import { createSession } from "./sessions";

const t = withTestDatabase();

const clock = frozenClock("2026-11-21T12:00:00Z");

// Written by the scrypt implementation that came before Argon2id, for the password "a long enough passphrase".
const SCRYPT_HASH = "$scrypt$ln=14,r=8,p=5$hZXwDbl8TXyan9S-qHxRiw$4x1Sj6dCNCVbgQIEyWUAwgeCHOmVhxbb7OPl9ZlXk_o";

async function userWithScryptHash(login: string) {
  const user = await createPasswordUser(t.db, { login, password: "replaced below" });
  await t.db.update(passwordCredentials).set({ hash: SCRYPT_HASH }).where(eq(passwordCredentials.userId, user.id));
  return user;
}

describe("changePassword", () => {
  it("sets the new password, lifts the forced change, and ends every other session", async () => {
    const user = await createPasswordUser(t.db, { login: "bob", password: "temporary-pass", mustChange: true });
    const old1 = await createSession(t.db, { userId: user.id, tenantId: null }, clock);
    const old2 = await createSession(t.db, { userId: user.id, tenantId: null }, clock);
    const result = await changePassword(
      t.db,
      { userId: user.id, tenantId: null, newPassword: "a brand new passphrase", confirmation: "a brand new passphrase", clientIp: "10.0.0.1" },
      clock,
    );
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const remaining = await t.db.select().from(sessions).where(eq(sessions.userId, user.id));
    expect(remaining.map((s) => s.sessionToken)).toEqual([result.session.sessionToken]);
    expect(remaining.map((s) => s.sessionToken)).not.toContain(old1.sessionToken);
    expect(remaining.map((s) => s.sessionToken)).not.toContain(old2.sessionToken);
    const [credential] = await t.db.select().from(passwordCredentials).where(eq(passwordCredentials.userId, user.id));
    expect(credential!.mustChange).toBe(false);
    expect(await verifyPassword("a brand new passphrase", credential!.hash)).toBe(true);
    const events = await t.db.select().from(auditEvents).where(eq(auditEvents.actorId, user.id));
    expect(events.map((e) => e.kind)).toEqual(["password.changed"]);
  });

  it("refuses a weak password, a mismatched confirmation or the current password, and changes nothing", async () => {
    const user = await createPasswordUser(t.db, { login: "carol", password: "the current passphrase", mustChange: true });
    const session = await createSession(t.db, { userId: user.id, tenantId: null }, clock);
    const attempt = (newPassword: unknown, confirmation: unknown) =>
      changePassword(t.db, { userId: user.id, tenantId: null, newPassword, confirmation, clientIp: "10.0.0.1" }, clock);
    expect(await attempt("admin", "admin")).toEqual({ ok: false, code: "weak_password", message: "Use at least 12 characters." });
    expect(await attempt("a good new passphrase", "a good new passphrasE")).toEqual({ ok: false, code: "passwords_do_not_match" });
    expect(await attempt("the current passphrase", "the current passphrase")).toEqual({
      ok: false,
      code: "weak_password",
      message: "Choose a password different from your current one.",
    });
    expect(await attempt(undefined, undefined)).toMatchObject({ ok: false, code: "weak_password" });
    const [credential] = await t.db.select().from(passwordCredentials).where(eq(passwordCredentials.userId, user.id));
    expect(credential!.mustChange).toBe(true);
    expect(await t.db.select().from(sessions).where(eq(sessions.sessionToken, session.sessionToken))).toHaveLength(1);
  });

  it("stores the new password as Argon2id in place of a scrypt hash", async () => {
    const user = await userWithScryptHash("dave");
    const result = await changePassword(
      t.db,
      { userId: user.id, tenantId: null, newPassword: "a brand new passphrase", confirmation: "a brand new passphrase", clientIp: "10.0.0.1" },
      clock,
    );
    expect(result.ok).toBe(true);
    const [credential] = await t.db.select().from(passwordCredentials).where(eq(passwordCredentials.userId, user.id));
    expect(credential!.hash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(needsRehash(credential!.hash)).toBe(false);
    expect(await verifyPassword("a brand new passphrase", credential!.hash)).toBe(true);
  });

  it("refuses the current password as the new one when it is stored as scrypt", async () => {
    const user = await userWithScryptHash("erin");
    const result = await changePassword(
      t.db,
      { userId: user.id, tenantId: null, newPassword: "a long enough passphrase", confirmation: "a long enough passphrase", clientIp: "10.0.0.1" },
      clock,
    );
    expect(result).toEqual({ ok: false, code: "weak_password", message: "Choose a password different from your current one." });
    const [credential] = await t.db.select().from(passwordCredentials).where(eq(passwordCredentials.userId, user.id));
    expect(credential!.hash).toBe(SCRYPT_HASH);
  });
});
