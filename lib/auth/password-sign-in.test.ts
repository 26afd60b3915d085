import { eq, sql } from "drizzle-orm";
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import { auditEvents, passwordCredentials, sessions, signInThrottle, tenants, users } from "@/db/schema";
import { withTestDatabase } from "@/db/testing/test-database";
import { createPasswordUser, createTenant } from "@/lib/testing/fixtures";
import { removeTenantUser } from "@/lib/tenancy/remove-tenant-user";
import { frozenClock } from "@/lib/time/clock";
import type { AuthPolicy } from "./auth-policy";
import { needsRehash, verifyPassword } from "./password-hash";
import { signInWithPassword } from "./password-sign-in";
import { ACCOUNT_RULE, ADDRESS_RULE } from "./sign-in-throttle";

const t = withTestDatabase();
let tenantId: string;
let aliceId: string;
beforeAll(async () => {
  tenantId = (await createTenant(t.db, "contoso", "Contoso")).id;
  aliceId = (await createPasswordUser(t.db, { login: "alice@contoso.com", password: "a long enough passphrase", tenantId, role: "admin" })).id;
});
beforeEach(async () => {
  await t.db.delete(signInThrottle);
  await t.db.delete(sessions);
  await t.db.delete(auditEvents);
});

const clock = () => frozenClock("2026-11-21T09:00:00Z");
const STANDARD: AuthPolicy = { mode: "standard", allowedDomains: [] };
const RESTRICTED: AuthPolicy = { mode: "restricted", allowedDomains: ["contoso.com"] };

describe("signInWithPassword", () => {
  it("creates a session row for the user's tenant and audits the success", async () => {
    const result = await signInWithPassword(t.db, { login: " Alice@Contoso.com ", password: "a long enough passphrase", clientIp: "10.1.1.1" }, STANDARD, clock());
    expect(result).toMatchObject({ ok: true, userId: aliceId, mustChangePassword: false });
    if (!result.ok) return;
    expect(result.session.sessionToken).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const [row] = await t.db.select().from(sessions).where(eq(sessions.sessionToken, result.session.sessionToken));
    expect(row).toMatchObject({ userId: aliceId, tenantId });
    expect(row!.expires.toISOString()).toBe("2026-11-28T09:00:00.000Z");
    const [event] = await t.db.select().from(auditEvents);
    expect(event).toMatchObject({ kind: "sign_in.password", outcome: "success", actorId: aliceId, tenantId, clientIp: "10.1.1.1", reference: result.reference });
    const [user] = await t.db.select().from(users).where(eq(users.id, aliceId));
    expect(user!.lastSignInAt?.toISOString()).toBe("2026-11-21T09:00:00.000Z");
  });

  it("answers an unknown login exactly like a wrong password, and audits why", async () => {
    const unknown = await signInWithPassword(t.db, { login: "nobody@contoso.com", password: "whatever it is", clientIp: "10.1.1.2" }, STANDARD, clock());
    const wrong = await signInWithPassword(t.db, { login: "alice@contoso.com", password: "not the passphrase", clientIp: "10.1.1.2" }, STANDARD, clock());
    expect(Object.keys(unknown).sort()).toEqual(Object.keys(wrong).sort());
    expect(unknown).toMatchObject({ ok: false, code: "invalid_credentials" });
    expect(wrong).toMatchObject({ ok: false, code: "invalid_credentials" });
    expect(await t.db.select().from(sessions)).toHaveLength(0);
    const reasons = (await t.db.select().from(auditEvents)).map((e) => [e.outcome, e.detail.reason]);
    expect(reasons.sort()).toEqual([
      ["failure", "unknown_login"],
      ["failure", "wrong_password"],
    ]);
  });

  it("locks the account after five failures, even against the right password, and tells for how long", async () => {
    const c = clock();
    for (let i = 1; i < ACCOUNT_RULE.limit; i++)
      expect(await signInWithPassword(t.db, { login: "alice@contoso.com", password: `guess ${i} guess`, clientIp: `10.2.0.${i}` }, STANDARD, c)).toMatchObject({
        code: "invalid_credentials",
      });
    const fifth = await signInWithPassword(t.db, { login: "alice@contoso.com", password: "guess 5 guess", clientIp: "10.2.0.5" }, STANDARD, c);
    expect(fifth).toMatchObject({ ok: false, code: "throttled" });
    c.advance(60_000);
    const right = await signInWithPassword(t.db, { login: "alice@contoso.com", password: "a long enough passphrase", clientIp: "10.2.0.6" }, STANDARD, c);
    expect(right).toMatchObject({ ok: false, code: "throttled" });
    if (right.ok || right.code !== "throttled") return;
    expect(right.lockedUntil.toISOString()).toBe("2026-11-21T09:15:00.000Z");
    expect(await t.db.select().from(sessions)).toHaveLength(0);
    c.set("2026-11-21T09:15:01Z");
    expect(await signInWithPassword(t.db, { login: "alice@contoso.com", password: "a long enough passphrase", clientIp: "10.2.0.6" }, STANDARD, c)).toMatchObject({
      ok: true,
    });
  });

  it("locks a client address that sprays many accounts", async () => {
    const c = clock();
    let last;
    for (let i = 0; i < ADDRESS_RULE.limit; i++)
      last = await signInWithPassword(t.db, { login: `user${i}@spray.test`, password: "wrong wrong", clientIp: "192.0.2.9" }, STANDARD, c);
    expect(last).toMatchObject({ ok: false, code: "throttled" });
    expect(await signInWithPassword(t.db, { login: "alice@contoso.com", password: "a long enough passphrase", clientIp: "192.0.2.9" }, STANDARD, c)).toMatchObject({
      code: "throttled",
    });
    expect(await signInWithPassword(t.db, { login: "alice@contoso.com", password: "a long enough passphrase", clientIp: "192.0.2.10" }, STANDARD, c)).toMatchObject({
      ok: true,
    });
  }, 60_000);

  it("clears the account's failures after a successful sign-in", async () => {
    const c = clock();
    for (let i = 0; i < ACCOUNT_RULE.limit - 1; i++)
      await signInWithPassword(t.db, { login: "alice@contoso.com", password: "nope nope", clientIp: "10.3.0.1" }, STANDARD, c);
    expect(await signInWithPassword(t.db, { login: "alice@contoso.com", password: "a long enough passphrase", clientIp: "10.3.0.1" }, STANDARD, c)).toMatchObject({ ok: true });
    expect(await signInWithPassword(t.db, { login: "alice@contoso.com", password: "nope nope", clientIp: "10.3.0.1" }, STANDARD, c)).toMatchObject({
      code: "invalid_credentials",
    });
  });

  it("refuses malformed input before touching the database", async () => {
    for (const [login, password, code] of [
      ["", "x", "invalid_login"],
      ["not an email", "x", "invalid_login"],
      [42, "x", "invalid_login"],
      ["alice@contoso.com", "", "password_required"],
      ["alice@contoso.com", null, "password_required"],
    ] as const)
      expect(await signInWithPassword(t.db, { login, password, clientIp: "10.4.0.1" }, STANDARD, clock())).toEqual({ ok: false, code });
    expect(await t.db.select().from(auditEvents)).toHaveLength(0);
  });

  it("counts an overlong password as a failure without hashing it", async () => {
    const result = await signInWithPassword(t.db, { login: "alice@contoso.com", password: "x".repeat(100_000), clientIp: "10.5.0.1" }, STANDARD, clock());
    expect(result).toMatchObject({ ok: false, code: "invalid_credentials" });
  });

  it("under AUTH_POLICY=restricted, refuses the password of anyone but the break-glass admin and audits it", async () => {
    const result = await signInWithPassword(t.db, { login: "alice@contoso.com", password: "a long enough passphrase", clientIp: "10.6.0.1" }, RESTRICTED, clock());
    expect(result).toMatchObject({ ok: false, code: "password_not_allowed" });
    expect(await t.db.select().from(sessions)).toHaveLength(0);
    const [event] = await t.db.select().from(auditEvents);
    expect(event).toMatchObject({ kind: "sign_in.password", outcome: "failure", reference: (result as { reference: string }).reference });
    expect(event!.detail).toMatchObject({ reason: "password_not_allowed" });
  });

  it("under AUTH_POLICY=restricted, still lets the break-glass admin in", async () => {
    await createPasswordUser(t.db, { login: "admin", password: "break glass passphrase", tenantId, role: "admin" });
    const result = await signInWithPassword(t.db, { login: "admin", password: "break glass passphrase", clientIp: "10.6.0.2" }, RESTRICTED, clock());
    expect(result).toMatchObject({ ok: true });
  });

  it("refuses the right password of a user whose only workspace is disabled", async () => {
    const closed = await createTenant(t.db, "closed", "Closed");
    await createPasswordUser(t.db, { login: "carl@closed.example", password: "a long enough passphrase", tenantId: closed.id, role: "member" });
    await t.db.update(tenants).set({ status: "disabled" }).where(eq(tenants.id, closed.id));
    const result = await signInWithPassword(t.db, { login: "carl@closed.example", password: "a long enough passphrase", clientIp: "10.6.0.3" }, STANDARD, clock());
    expect(result).toMatchObject({ ok: false, code: "tenant_disabled" });
    expect(await t.db.select().from(sessions)).toHaveLength(0);
  });

  it("refuses the right password of a user removed from their only workspace, naming it, and audits the refusal", async () => {
    const left = await createTenant(t.db, "left-ws", "Left Behind");
    const admin = await createPasswordUser(t.db, { login: "lina@left.example", password: "a long enough passphrase", tenantId: left.id, role: "admin" });
    const removed = await createPasswordUser(t.db, { login: "rob@left.example", password: "a long enough passphrase", tenantId: left.id, role: "member" });
    await removeTenantUser(t.db, { tenantId: left.id, userId: removed.id, actor: { id: admin.id, label: "lina@left.example" }, clientIp: "10.6.0.4" }, clock());
    const result = await signInWithPassword(t.db, { login: "rob@left.example", password: "a long enough passphrase", clientIp: "10.6.0.4" }, STANDARD, clock());
    expect(result).toMatchObject({ ok: false, code: "removed", workspace: { name: "Left Behind" } });
    expect(await t.db.select().from(sessions)).toHaveLength(0);
    const [event] = await t.db.select().from(auditEvents).where(eq(auditEvents.reference, (result as { reference: string }).reference));
    expect(event).toMatchObject({ kind: "sign_in.password", outcome: "failure", actorId: removed.id, tenantId: left.id, detail: { reason: "removed" } });
  });
});

describe("signInWithPassword and hashes written before Argon2id", () => {
  // Written by the scrypt implementation that came before Argon2id, for the password "a long enough passphrase".
  const SCRYPT_HASH = "$scrypt$ln=14,r=8,p=5$hZXwDbl8TXyan9S-qHxRiw$4x1Sj6dCNCVbgQIEyWUAwgeCHOmVhxbb7OPl9ZlXk_o";
  const PASSWORD = "a long enough passphrase";

  async function userWithScryptHash(login: string) {
    const user = await createPasswordUser(t.db, { login, password: "replaced below", tenantId, role: "member" });
    await t.db.update(passwordCredentials).set({ hash: SCRYPT_HASH }).where(eq(passwordCredentials.userId, user.id));
    return user.id;
  }
  const storedHash = async (userId: string) =>
    (await t.db.select({ hash: passwordCredentials.hash }).from(passwordCredentials).where(eq(passwordCredentials.userId, userId)))[0]!.hash;

  it("signs in a user whose stored hash is scrypt and replaces it with an Argon2id hash of the same password", async () => {
    const userId = await userWithScryptHash("sam@contoso.com");
    const result = await signInWithPassword(t.db, { login: "sam@contoso.com", password: PASSWORD, clientIp: "10.7.0.1" }, STANDARD, clock());
    expect(result).toMatchObject({ ok: true, userId });
    const hash = await storedHash(userId);
    expect(hash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(await verifyPassword(PASSWORD, hash)).toBe(true);
    expect(needsRehash(hash)).toBe(false);
  });

  it("leaves a scrypt hash unchanged after a wrong password", async () => {
    const userId = await userWithScryptHash("sue@contoso.com");
    const result = await signInWithPassword(t.db, { login: "sue@contoso.com", password: "not the passphrase", clientIp: "10.7.0.2" }, STANDARD, clock());
    expect(result).toMatchObject({ ok: false, code: "invalid_credentials" });
    expect(await storedHash(userId)).toBe(SCRYPT_HASH);
  });

  it("signs in both of two simultaneous sign-ins that upgrade the same scrypt hash", async () => {
    const userId = await userWithScryptHash("sid@contoso.com");
    const attempt = (ip: string) => signInWithPassword(t.db, { login: "sid@contoso.com", password: PASSWORD, clientIp: ip }, STANDARD, clock());
    const results = await Promise.all([attempt("10.7.0.3"), attempt("10.7.0.4")]);
    expect(results).toMatchObject([{ ok: true }, { ok: true }]);
    expect(await t.db.select().from(sessions).where(eq(sessions.userId, userId))).toHaveLength(2);
    const hash = await storedHash(userId);
    expect(needsRehash(hash)).toBe(false);
    expect(await verifyPassword(PASSWORD, hash)).toBe(true);
  });

  it("keeps a successful sign-in when writing the upgraded hash fails with a unique violation", async () => {
    const userId = await userWithScryptHash("sol@contoso.com");
    // Postgres answers this user's hash upgrade the way it answers a lost unique race.
    await t.db.execute(
      sql.raw(`create function refuse_hash_upgrade() returns trigger language plpgsql as $$
        begin raise exception 'lost a unique race' using errcode = 'unique_violation'; end $$`),
    );
    await t.db.execute(
      sql.raw(`create trigger refuse_hash_upgrade before update of hash on password_credential
        for each row when (old.login = 'sol@contoso.com') execute function refuse_hash_upgrade()`),
    );
    try {
      const result = await signInWithPassword(t.db, { login: "sol@contoso.com", password: PASSWORD, clientIp: "10.7.0.5" }, STANDARD, clock());
      expect(result).toMatchObject({ ok: true, userId });
      expect(await storedHash(userId)).toBe(SCRYPT_HASH);
    } finally {
      await t.db.execute(sql.raw("drop trigger refuse_hash_upgrade on password_credential"));
      await t.db.execute(sql.raw("drop function refuse_hash_upgrade()"));
    }
  });
});
