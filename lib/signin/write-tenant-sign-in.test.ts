import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { accounts, auditEvents, sessions, signInAttempts, tenantDomains, tenantInvitations, tenantMemberships, tenantRemovals, tenants, users } from "@/db/schema";
import { withTestDatabase } from "@/db/testing/test-database";
import type { OidcIdentity } from "@/lib/auth/oidc-identity";
import { createTenant } from "@/lib/testing/fixtures";
import { frozenClock } from "@/lib/time/clock";
import { recordAttempt } from "./attempts";
import { newAttemptId } from "./flow-cookie";
import { acceptInvitation, newInvitationToken } from "@/lib/tenancy/invitations";
import { removeTenantUser } from "@/lib/tenancy/remove-tenant-user";
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
    const { user, session } = await signIn(identity({ name: "Megan", email: "megan@contoso.example", emailDomainVerified: true }));
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

  it("finds the same user again by the identity and refreshes name and vouched e-mail", async () => {
    const id = identity({ tid: strangerTid, name: "Old Name", email: "rename@stranger.example", emailDomainVerified: true });
    const first = await signIn(id);
    const second = await signIn({ ...id, name: "New Name", email: "renamed@stranger.example" });
    expect(second.user.id).toBe(first.user.id);
    expect(second.user).toMatchObject({ name: "New Name", email: "renamed@stranger.example" });
  });

  it("gives a stranger asserting an existing user's e-mail a separate user without that e-mail (nOAuth)", async () => {
    const victim = await signIn(identity({ name: "Victim", email: "victim@contoso.example", emailDomainVerified: true }));
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

const labelsOf = async (userId: string) => (await t.db.select().from(auditEvents).where(eq(auditEvents.actorId, userId))).map((e) => e.actorLabel);

// Every case signs the same identity in at least twice: the second sign-in is a returning identity's, which the
// one-statement write (write-returning-sign-in.ts) answers or hands back to the transaction, so both paths are held to
// each rule.
describe("an e-mail address belongs only to a claim the IdP vouches for", () => {
  it("a stranger directory asserting a verified owner's address never changes that owner's record or the audit log's actor label", async () => {
    const stranger = identity({ tid: strangerTid, name: "Not Megan", email: "meganb@contoso.example", emailDomainVerified: false });
    const first = await signIn(stranger);
    expect(first.user).toMatchObject({ email: null, unverifiedEmail: "meganb@contoso.example" });

    const megan = identity({ name: "Megan Bowen", email: "meganb@contoso.example", emailDomainVerified: true });
    const owner = await signIn(megan);
    expect(owner.user.id).not.toBe(first.user.id);
    expect(owner.user).toMatchObject({ name: "Megan Bowen", email: "meganb@contoso.example", unverifiedEmail: null });

    const again = await signIn(stranger);
    expect(again.user.id).toBe(first.user.id);
    expect(again.user).toMatchObject({ email: null, unverifiedEmail: "meganb@contoso.example" });
    await signIn(megan);
    const [ownerNow] = await t.db.select().from(users).where(eq(users.id, owner.user.id));
    expect(ownerNow).toMatchObject({ name: "Megan Bowen", email: "meganb@contoso.example", unverifiedEmail: null });

    expect(await labelsOf(first.user.id)).toEqual([stranger.providerAccountId, stranger.providerAccountId]);
    expect(await labelsOf(owner.user.id)).toEqual(["meganb@contoso.example", "meganb@contoso.example"]);
  });

  it("keeps an unvouched address apart as unverified and never lets it replace a vouched one", async () => {
    const id = identity({ tid: strangerTid, name: "Pat", email: "pat@stranger.example", emailDomainVerified: true });
    await signIn(id);
    const unvouched = await signIn({ ...id, email: "pat@elsewhere.example", emailDomainVerified: false });
    expect(unvouched.user).toMatchObject({ email: "pat@stranger.example", unverifiedEmail: "pat@elsewhere.example" });
    const vouchedAgain = await signIn(id);
    expect(vouchedAgain.user).toMatchObject({ email: "pat@stranger.example", unverifiedEmail: null });
  });
});

describe("removed means removed", () => {
  const removeFrom = (tenantId: string, userId: string) =>
    removeTenantUser(t.db, { tenantId, userId, actor: { id: "an-admin", label: "admin@example.test" }, clientIp: "10.0.0.7" }, clock);
  const refusal = async (id: OidcIdentity, workspace: { kind: "platform" } | { kind: "role"; tenantId: string; role: "admin" | "member" } = platformRule) => {
    const attempt = newAttemptId();
    await recordAttempt(t.db, { id: attempt, providerId: id.provider, now: clock.now() });
    return writeTenantSignIn(t.db, { attempt: { id: attempt, providerId: id.provider }, identity: id, method: workspace.kind === "role" ? "tenant_sso" : "microsoft", workspace, clientIp: "10.9.9.9" }, clock);
  };

  it("refuses the next sign-in of someone removed from the workspace of their linked directory, audits it, and writes no session or membership", async () => {
    const tid = "cccccccc-3333-4333-8333-333333333333";
    const litware = await createTenant(t.db, "litware-ws", "Litware");
    await t.db.update(tenants).set({ microsoftTenantId: tid }).where(eq(tenants.id, litware.id));
    const id = identity({ tid, providerAccountId: `${tid}:${crypto.randomUUID()}`, name: "Removed Person" });
    const { user } = await signIn(id);
    expect(await removeFrom(litware.id, user.id)).toMatchObject({ ok: true });
    const before = { sessions: await t.db.$count(sessions, eq(sessions.userId, user.id)) };

    const refused = await refusal(id);
    expect(refused).toMatchObject({ ok: false, code: "removed", workspace: { key: "litware-ws", name: "Litware" } });
    expect(await t.db.$count(sessions, eq(sessions.userId, user.id))).toBe(before.sessions);
    expect(await t.db.select().from(tenantMemberships).where(eq(tenantMemberships.userId, user.id))).toEqual([]);
    const [event] = await t.db.select().from(auditEvents).where(eq(auditEvents.reference, (refused as { reference: string }).reference));
    expect(event).toMatchObject({ outcome: "failure", tenantId: litware.id, actorId: user.id, detail: { reason: "removed" } });
    const [removal] = await t.db.select().from(auditEvents).where(and(eq(auditEvents.kind, "tenant.user_removed"), eq(auditEvents.tenantId, litware.id)));
    expect(removal).toMatchObject({ detail: { userId: user.id } });
  });

  it("does not re-admit by verified domain either, and signs the person into the other workspace they belong to", async () => {
    const adatum = await createTenant(t.db, "adatum-ws", "Adatum");
    const home = await createTenant(t.db, "home-ws", "Home");
    await t.db.insert(tenantDomains).values({ domain: "adatum.example", tenantId: adatum.id, verifiedAt: clock.now() });
    const id = identity({ tid: strangerTid, name: "Two Homes", email: "two@adatum.example", emailDomainVerified: true });
    const { user } = await signIn(id);
    await t.db.insert(tenantMemberships).values({ userId: user.id, tenantId: home.id, role: "member" });
    await removeFrom(adatum.id, user.id);

    const { session } = await signIn(id);
    expect(session.tenantId).toBe(home.id);
    expect((await t.db.select().from(tenantMemberships).where(eq(tenantMemberships.userId, user.id))).map((m) => m.tenantId)).toEqual([home.id]);
  });

  it("refuses a removed person's tenant SSO sign-in into that workspace, whatever role the IdP asserts", async () => {
    const fourth = await createTenant(t.db, "fourth-ws", "Fourth Coffee");
    const id = identity({ provider: "t-fourth-ws", providerAccountId: `https://idp.fourth.example#${crypto.randomUUID()}`, tid: null, name: "Barista" });
    const asAdmin = { kind: "role", tenantId: fourth.id, role: "admin" } as const;
    const first = await refusal(id, asAdmin);
    if (!first.ok) throw new Error(first.code);
    await t.db.insert(tenantMemberships).values({ userId: (await t.db.insert(users).values({ name: "Other admin" }).returning())[0]!.id, tenantId: fourth.id, role: "admin" });
    await removeFrom(fourth.id, first.userId);
    expect(await refusal(id, asAdmin)).toMatchObject({ ok: false, code: "removed", workspace: { name: "Fourth Coffee" } });
    expect(await t.db.select().from(tenantMemberships).where(eq(tenantMemberships.userId, first.userId))).toEqual([]);
  });

  it("lets the person back once they accept an invitation to the workspace", async () => {
    const tid = "dddddddd-4444-4444-8444-444444444444";
    const tailspin = await createTenant(t.db, "tailspin-ws", "Tailspin");
    await t.db.update(tenants).set({ microsoftTenantId: tid }).where(eq(tenants.id, tailspin.id));
    const id = identity({ tid, providerAccountId: `${tid}:${crypto.randomUUID()}`, name: "Invited Back" });
    const { user, session } = await signIn(id);
    await removeFrom(tailspin.id, user.id);
    expect(await refusal(id)).toMatchObject({ ok: false, code: "removed" });

    const invitation = newInvitationToken();
    await t.db.insert(tenantInvitations).values({ tenantId: tailspin.id, email: "back@tailspin.example", role: "member", tokenHash: invitation.tokenHash, expiresAt: new Date(clock.now().getTime() + 86_400_000) });
    expect(await acceptInvitation(t.db, { token: invitation.token, userId: user.id, sessionToken: session.sessionToken, clientIp: "10.9.9.9" }, clock)).toMatchObject({ ok: true });
    expect(await t.db.select().from(tenantRemovals).where(eq(tenantRemovals.userId, user.id))).toEqual([]);
    expect((await signIn(id)).session.tenantId).toBe(tailspin.id);
  });
});
