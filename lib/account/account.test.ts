import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { accounts, auditEvents, sessions } from "@/db/schema";
import { withTestDatabase } from "@/db/testing/test-database";
import { verifyPassword } from "@/lib/auth/password-hash";
import { createSession } from "@/lib/auth/sessions";
import { ACCOUNT_RULE } from "@/lib/auth/sign-in-throttle";
import { createPasswordUser } from "@/lib/testing/fixtures";
import { frozenClock } from "@/lib/time/clock";
import { passwordCredentials } from "@/db/schema";
import { loadAccountOverview } from "./account-overview";
import { changeOwnPassword } from "./change-own-password";
import { endOtherSessions } from "./end-other-sessions";

const t = withTestDatabase();
const clock = frozenClock("2026-11-28T12:00:00Z");

describe("loadAccountOverview", () => {
  it("lists the ways the person signs in and their live sessions, newest first, marking the current one", async () => {
    const user = await createPasswordUser(t.db, { login: "ida@contoso.example", password: "ida's long passphrase", name: "Ida" });
    await t.db.insert(accounts).values({ userId: user.id, type: "oidc", provider: "microsoft-entra-id", providerAccountId: `tid:${user.id}` });
    await t.db.insert(accounts).values({ userId: user.id, type: "oidc", provider: "t-contoso", providerAccountId: `iss:${user.id}` });
    const older = await createSession(t.db, { userId: user.id, tenantId: null }, clock);
    const later = frozenClock("2026-11-28T12:05:00Z");
    const current = await createSession(t.db, { userId: user.id, tenantId: null }, later);
    await t.db.insert(sessions).values({ sessionToken: "expired-one", userId: user.id, expires: new Date("2026-11-28T11:00:00Z") });
    const overview = await loadAccountOverview(t.db, { userId: user.id, sessionToken: current.sessionToken }, later);
    expect(overview).toMatchObject({
      name: "Ida",
      email: "ida@contoso.example",
      methods: [{ kind: "password", login: "ida@contoso.example" }, { kind: "microsoft" }, { kind: "sso", provider: "t-contoso" }],
    });
    expect(overview!.sessions.map((s) => s.current)).toEqual([true, false]);
    expect(JSON.stringify(overview)).not.toContain(older.sessionToken);
    expect(JSON.stringify(overview)).not.toContain(current.sessionToken);
  });
});

describe("endOtherSessions", () => {
  it("ends every session of the person except the current one, and audits how many", async () => {
    const user = await createPasswordUser(t.db, { login: "jo@contoso.example", password: "jo's long passphrase" });
    const other = await createPasswordUser(t.db, { login: "kim@contoso.example", password: "kim's long passphrase" });
    const current = await createSession(t.db, { userId: user.id, tenantId: null }, clock);
    await createSession(t.db, { userId: user.id, tenantId: null }, clock);
    await createSession(t.db, { userId: user.id, tenantId: null }, clock);
    const someoneElse = await createSession(t.db, { userId: other.id, tenantId: null }, clock);
    expect(await endOtherSessions(t.db, { userId: user.id, currentSessionToken: current.sessionToken, tenantId: null, clientIp: "10.0.0.1" }, clock)).toEqual({ ended: 2 });
    expect((await t.db.select().from(sessions).where(eq(sessions.userId, user.id))).map((s) => s.sessionToken)).toEqual([current.sessionToken]);
    expect(await t.db.select().from(sessions).where(eq(sessions.sessionToken, someoneElse.sessionToken))).toHaveLength(1);
    const [event] = await t.db.select().from(auditEvents).where(eq(auditEvents.actorId, user.id));
    expect(event).toMatchObject({ kind: "sessions.other_ended", detail: { ended: 2 } });
  });
});

describe("changeOwnPassword", () => {
  const change = (userId: string, currentPassword: string, newPassword = "a new account passphrase") =>
    changeOwnPassword(t.db, { userId, tenantId: null, currentPassword, newPassword, confirmation: newPassword, clientIp: "10.0.0.2" }, clock);

  it("refuses a wrong current password, audits it and changes nothing", async () => {
    const user = await createPasswordUser(t.db, { login: "lou@contoso.example", password: "lou's current passphrase" });
    expect(await change(user.id, "not the current one")).toEqual({ ok: false, code: "current_password_incorrect" });
    const [credential] = await t.db.select().from(passwordCredentials).where(eq(passwordCredentials.userId, user.id));
    expect(await verifyPassword("lou's current passphrase", credential!.hash)).toBe(true);
    const [event] = await t.db.select().from(auditEvents).where(eq(auditEvents.actorId, user.id));
    expect(event).toMatchObject({ kind: "password.change_refused", outcome: "failure" });
  });

  it("changes the password with the current one under the password policy", async () => {
    const user = await createPasswordUser(t.db, { login: "max@contoso.example", password: "max's current passphrase" });
    expect(await change(user.id, "max's current passphrase", "short")).toEqual({ ok: false, code: "weak_password", message: "Use at least 12 characters." });
    const result = await change(user.id, "max's current passphrase");
    expect(result.ok).toBe(true);
    const [credential] = await t.db.select().from(passwordCredentials).where(eq(passwordCredentials.userId, user.id));
    expect(await verifyPassword("a new account passphrase", credential!.hash)).toBe(true);
  });

  it("locks the form after as many wrong current passwords as the sign-in form allows", async () => {
    const user = await createPasswordUser(t.db, { login: "ned@contoso.example", password: "ned's current passphrase" });
    for (let i = 0; i < ACCOUNT_RULE.limit; i++) expect(await change(user.id, `guess ${i}`)).toEqual({ ok: false, code: "current_password_incorrect" });
    expect(await change(user.id, "ned's current passphrase")).toMatchObject({ ok: false, code: "throttled" });
  });
});
