import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { accounts, auditEvents, sessions, signInAttempts, tenantDomains, tenantMemberships, tenants, users } from "@/db/schema";
import { withTestDatabase } from "@/db/testing/test-database";
import type { OidcIdentity } from "@/lib/auth/oidc-identity";
import { createTenant } from "@/lib/testing/fixtures";
import { frozenClock } from "@/lib/time/clock";
import { recordAttempt } from "./attempts";
import { newAttemptId } from "./flow-cookie";
import { writeTenantSignIn } from "./write-tenant-sign-in";

const t = withTestDatabase();
const clock = frozenClock("2026-11-21T14:00:00Z");
const contosoTid = "aaaaaaaa-1111-4111-8111-111111111111";
const strangerTid = "bbbbbbbb-2222-4222-8222-222222222222";
const PROVIDER = "microsoft-entra-id";

const identity = (over: Partial<OidcIdentity>): OidcIdentity => ({
  provider: PROVIDER,
  providerAccountId: `${contosoTid}:${crypto.randomUUID()}`,
  tid: contosoTid,
  name: "Someone",
  email: null,
  emailDomainVerified: false,
  ...over,
});

const platformRule = { kind: "platform" } as const;

async function started(): Promise<{ id: string; providerId: string }> {
  const id = newAttemptId();
  await recordAttempt(t.db, { id, providerId: PROVIDER, now: clock.now() });
  return { id, providerId: PROVIDER };
}

async function signIn(id: OidcIdentity, attempt?: { id: string; providerId: string }) {
  const result = await writeTenantSignIn(t.db, { attempt: attempt ?? (await started()), identity: id, method: "microsoft", workspace: platformRule, clientIp: "10.9.9.9" }, clock);
  if (!result.ok) throw new Error(`refused: ${result.code}`);
  const [session] = await t.db.select().from(sessions).where(eq(sessions.sessionToken, result.session.sessionToken));
  const [row] = await t.db.select().from(users).where(eq(users.id, result.userId));
  return { user: row!, session: session! };
}

describe("writing a completed OIDC sign-in", () => {
  it("joins the workspace linked to the account's Entra directory as a member", async () => {
    const contoso = await createTenant(t.db, "contoso-ws", "Contoso");
    await t.db.update(tenants).set({ microsoftTenantId: contosoTid }).where(eq(tenants.id, contoso.id));
    const { user, session } = await signIn(identity({ name: "Megan", email: "megan@contoso.example" }));
    expect(session.tenantId).toBe(contoso.id);
    const memberships = await t.db.select().from(tenantMemberships).where(eq(tenantMemberships.userId, user.id));
    expect(memberships.map((m) => m.role)).toEqual(["member"]);
    expect(user).toMatchObject({ name: "Megan", email: "megan@contoso.example" });
    expect(user.lastSignInAt?.toISOString()).toBe("2026-11-21T14:00:00.000Z");
  });

  it("joins by verified domain only when Entra vouches for the e-mail's domain", async () => {
    const fabrikam = await createTenant(t.db, "fabrikam-ws", "Fabrikam");
    await t.db.insert(tenantDomains).values({ domain: "fabrikam.example", tenantId: fabrikam.id, verifiedAt: clock.now() });
    const unverified = await signIn(identity({ tid: strangerTid, email: "lee@fabrikam.example", emailDomainVerified: false }));
    expect(unverified.session.tenantId).toBeNull();
    const verified = await signIn(identity({ tid: strangerTid, email: "kim@fabrikam.example", emailDomainVerified: true }));
    expect(verified.session.tenantId).toBe(fabrikam.id);
  });

  it("records on the session how it was made and the domain Entra vouched for", async () => {
    const vouched = await signIn(identity({ tid: strangerTid, email: "kim2@fabrikam.example", emailDomainVerified: true }));
    expect(vouched.session).toMatchObject({ signInMethod: "microsoft", vouchedDomain: "fabrikam.example" });
    const unvouched = await signIn(identity({ tid: strangerTid, email: "lee2@fabrikam.example", emailDomainVerified: false }));
    expect(unvouched.session).toMatchObject({ signInMethod: "microsoft", vouchedDomain: null });
  });

  it("finds the same user again by the identity and refreshes name and e-mail", async () => {
    const id = identity({ tid: strangerTid, name: "Old Name", email: "rename@stranger.example" });
    const first = await signIn(id);
    const second = await signIn({ ...id, name: "New Name", email: "renamed@stranger.example" });
    expect(second.user.id).toBe(first.user.id);
    expect(second.user).toMatchObject({ name: "New Name", email: "renamed@stranger.example" });
  });

  it("gives a stranger asserting an existing user's e-mail a separate user without that e-mail (nOAuth)", async () => {
    const victim = await signIn(identity({ name: "Victim", email: "victim@contoso.example" }));
    const attacker = await signIn(identity({ tid: strangerTid, name: "Attacker", email: "victim@contoso.example" }));
    expect(attacker.user.id).not.toBe(victim.user.id);
    expect(attacker.user.email).toBeNull();
    const [stillVictim] = await t.db.select().from(users).where(eq(users.id, victim.user.id));
    expect(stillVictim).toMatchObject({ name: "Victim", email: "victim@contoso.example" });
  });

  it("audits the success with the account key", async () => {
    const id = identity({ tid: strangerTid });
    const { user } = await signIn(id);
    const [event] = await t.db.select().from(auditEvents).where(eq(auditEvents.actorId, user.id));
    expect(event).toMatchObject({ kind: "sign_in.microsoft", outcome: "success", clientIp: "10.9.9.9" });
    expect(event!.detail).toMatchObject({ account: id.providerAccountId });
  });

  it("completes an attempt at most once: a replay writes no user, session or link", async () => {
    const attempt = await started();
    const id = identity({ tid: strangerTid, name: "Replay" });
    await signIn(id, attempt);
    const before = { users: await t.db.$count(users), sessions: await t.db.$count(sessions), accounts: await t.db.$count(accounts) };
    const replay = await writeTenantSignIn(t.db, { attempt, identity: { ...id, providerAccountId: `${strangerTid}:${crypto.randomUUID()}` }, method: "microsoft", workspace: platformRule, clientIp: "10.9.9.9" }, clock);
    expect(replay).toEqual({ ok: false, code: "attempt_used" });
    expect({ users: await t.db.$count(users), sessions: await t.db.$count(sessions), accounts: await t.db.$count(accounts) }).toEqual(before);
  });

  it("refuses an attempt that expired, or one started for another provider", async () => {
    const attempt = await started();
    const other = await writeTenantSignIn(t.db, { attempt: { ...attempt, providerId: "t-northwind" }, identity: identity({}), method: "microsoft", workspace: platformRule, clientIp: "10.9.9.9" }, clock);
    expect(other).toEqual({ ok: false, code: "attempt_used" });
    const later = frozenClock(new Date(clock.now().getTime() + 11 * 60_000));
    const expired = await writeTenantSignIn(t.db, { attempt, identity: identity({}), method: "microsoft", workspace: platformRule, clientIp: "10.9.9.9" }, later);
    expect(expired).toEqual({ ok: false, code: "attempt_used" });
    expect(await t.db.select().from(signInAttempts).where(eq(signInAttempts.id, attempt.id))).toHaveLength(1);
  });

  it("ends two simultaneous first sign-ins of one identity as one user with two sessions", async () => {
    const id = identity({ tid: strangerTid, name: "Twice" });
    const [a, b] = await Promise.all([signIn(id), signIn(id)]);
    expect(a.user.id).toBe(b.user.id);
    expect(await t.db.select().from(accounts).where(eq(accounts.providerAccountId, id.providerAccountId))).toHaveLength(1);
    expect((await t.db.select().from(users).where(eq(users.name, "Twice"))).length).toBe(1);
  });

  it("refuses someone whose every workspace is disabled, audits it, and writes no session", async () => {
    const closed = await createTenant(t.db, "closed-ws", "Closed");
    const id = identity({ tid: strangerTid, name: "Locked out" });
    const first = await signIn(id);
    await t.db.insert(tenantMemberships).values({ userId: first.user.id, tenantId: closed.id, role: "member" });
    await t.db.update(tenants).set({ status: "disabled" }).where(eq(tenants.id, closed.id));
    const sessionsBefore = await t.db.$count(sessions);
    const refused = await writeTenantSignIn(t.db, { attempt: await started(), identity: id, method: "microsoft", workspace: platformRule, clientIp: "10.9.9.9" }, clock);
    expect(refused).toMatchObject({ ok: false, code: "tenant_disabled" });
    expect(await t.db.$count(sessions)).toBe(sessionsBefore);
    const [event] = await t.db.select().from(auditEvents).where(eq(auditEvents.reference, (refused as { reference: string }).reference));
    expect(event).toMatchObject({ outcome: "failure", detail: { reason: "tenant_disabled" } });
  });

  it("completes a returning identity's attempt at most once too", async () => {
    const id = identity({ tid: strangerTid, name: "Returning" });
    await signIn(id);
    const attempt = await started();
    await signIn(id, attempt);
    const before = { sessions: await t.db.$count(sessions), events: await t.db.$count(auditEvents) };
    const replay = await writeTenantSignIn(t.db, { attempt, identity: id, method: "microsoft", workspace: platformRule, clientIp: "10.9.9.9" }, clock);
    expect(replay).toEqual({ ok: false, code: "attempt_used" });
    expect({ sessions: await t.db.$count(sessions), events: await t.db.$count(auditEvents) }).toEqual(before);
  });

  it("applies the role a workspace's IdP asserts at each sign-in, promotion and demotion alike", async () => {
    const northwind = await createTenant(t.db, "northwind-ws", "Northwind");
    const id = identity({ provider: "t-northwind-ws", tid: strangerTid, name: "Promoted" });
    const asRole = (role: "admin" | "member") => ({ kind: "role", tenantId: northwind.id, role }) as const;
    const attemptFor = async () => {
      const attemptId = newAttemptId();
      await recordAttempt(t.db, { id: attemptId, providerId: id.provider, now: clock.now() });
      return { id: attemptId, providerId: id.provider };
    };
    const roleAfter = async (role: "admin" | "member") => {
      const result = await writeTenantSignIn(t.db, { attempt: await attemptFor(), identity: id, method: "tenant_sso", workspace: asRole(role), clientIp: "10.9.9.9" }, clock);
      if (!result.ok) throw new Error(result.code);
      const [membership] = await t.db.select().from(tenantMemberships).where(eq(tenantMemberships.userId, result.userId));
      const [session] = await t.db.select().from(sessions).where(eq(sessions.sessionToken, result.session.sessionToken));
      expect(session).toMatchObject({ tenantId: northwind.id, signInMethod: "tenant_sso" });
      return membership!.role;
    };
    expect(await roleAfter("member")).toBe("member");
    expect(await roleAfter("admin")).toBe("admin");
    expect(await roleAfter("member")).toBe("member");
  });
});
