import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { auditEvents, sessions, tenantDomains, tenantInvitations, tenantMemberships, tenantSsoConfigs, tenants } from "@/db/schema";
import { withTestDatabase } from "@/db/testing/test-database";
import { createSession } from "@/lib/auth/sessions";
import { createPasswordUser, createTenant } from "@/lib/testing/fixtures";
import { acceptInvitation, findInvitation, newInvitationToken } from "@/lib/tenancy/invitations";
import { acceptInvitationWithPassword } from "@/lib/tenancy/accept-invitation-with-password";
import { loadSsoCard } from "@/lib/sso/tenant-sso-config";
import { frozenClock } from "@/lib/time/clock";
import { createTenantWithInvitation } from "./create-tenant";
import { addTenantDomain, setDomainVerified } from "./domain-verification";
import { listTenants } from "./tenant-directory";
import { setTenantStatus } from "./tenant-status";
import { endAllSessionsOfUser } from "./user-detail";

const t = withTestDatabase();
const clock = frozenClock("2026-11-21T10:00:00Z");
const staff = { id: "staff-1", email: "olivia@ops.example", name: "Olivia", role: "admin" as const };
const standard = { mode: "standard" as const, allowedDomains: [] };

describe("console operations", () => {
  it("disabling a tenant ends every session acting for it, in the same step, and is audited with the staff identity", async () => {
    const tenant = await createTenant(t.db, "disable-me", "Disable Me");
    const user = await createPasswordUser(t.db, { login: "dee@disable.example", password: "irrelevant here", tenantId: tenant.id, role: "member" });
    await createSession(t.db, { userId: user.id, tenantId: tenant.id }, clock);
    await createSession(t.db, { userId: user.id, tenantId: tenant.id }, clock);
    const result = await setTenantStatus(t.db, { tenantId: tenant.id, status: "disabled", staff, clientIp: "10.0.0.1" }, clock);
    expect(result).toEqual({ ok: true, endedSessions: 2 });
    expect(await t.db.select().from(sessions).where(eq(sessions.userId, user.id))).toHaveLength(0);
    const [event] = await t.db.select().from(auditEvents).where(eq(auditEvents.kind, "tenant.disabled"));
    expect(event).toMatchObject({ actorType: "staff", actorId: "staff-1", actorLabel: "olivia@ops.example", tenantId: tenant.id });
  });

  it("refuses an unknown status or tenant without writing", async () => {
    const tenant = await createTenant(t.db, "keep-me", "Keep Me");
    expect(await setTenantStatus(t.db, { tenantId: tenant.id, status: "deleted", staff, clientIp: "x" }, clock)).toEqual({ ok: false, code: "tenant_status_invalid" });
    expect(await setTenantStatus(t.db, { tenantId: "nope", status: "disabled", staff, clientIp: "x" }, clock)).toEqual({ ok: false, code: "tenant_not_found" });
    const [row] = await t.db.select().from(tenants).where(eq(tenants.id, tenant.id));
    expect(row!.status).toBe("active");
  });

  it("verifies and unverifies only a domain of the tenant itself", async () => {
    const mine = await createTenant(t.db, "domain-owner", "Owner");
    const other = await createTenant(t.db, "domain-other", "Other");
    await t.db.insert(tenantDomains).values({ domain: "owner.example", tenantId: mine.id });
    expect(await setDomainVerified(t.db, { tenantId: other.id, domain: "owner.example", verified: true, staff, clientIp: "x" }, clock)).toEqual({ ok: false, code: "domain_not_found" });
    expect(await setDomainVerified(t.db, { tenantId: mine.id, domain: "Owner.Example", verified: true, staff, clientIp: "x" }, clock)).toEqual({ ok: true });
    const [verified] = await t.db.select().from(tenantDomains).where(eq(tenantDomains.domain, "owner.example"));
    expect(verified!.verifiedAt).toEqual(clock.now());
    expect(await setDomainVerified(t.db, { tenantId: mine.id, domain: "owner.example", verified: "yes", staff, clientIp: "x" }, clock)).toEqual({ ok: false, code: "domain_verified_invalid" });
    await setDomainVerified(t.db, { tenantId: mine.id, domain: "owner.example", verified: false, staff, clientIp: "x" }, clock);
    const [unverified] = await t.db.select().from(tenantDomains).where(eq(tenantDomains.domain, "owner.example"));
    expect(unverified!.verifiedAt).toBeNull();
  });

  it("lists tenants with user counts, domains and SSO status, searching name, key and domain", async () => {
    const listed = await createTenant(t.db, "searchable-co", "Searchable Co");
    await t.db.insert(tenantDomains).values({ domain: "findme.example", tenantId: listed.id, verifiedAt: clock.now() });
    await createPasswordUser(t.db, { login: "one@findme.example", password: "irrelevant here", tenantId: listed.id, role: "admin" });
    for (const q of ["searchable", "SEARCHABLE-CO", "findme"]) {
      const page = await listTenants(t.db, { query: q, page: 1 });
      expect(page.tenants.map((x) => x.id)).toEqual([listed.id]);
      expect(page.tenants[0]).toMatchObject({ userCount: 1, domains: [{ domain: "findme.example", verified: true }], ssoStatus: "Not configured" });
    }
    expect((await listTenants(t.db, { query: "100%_", page: 1 })).total).toBe(0);
  });

  it("shows each tenant's SSO status as its settings card does: no verified domain, then an expired secret", async () => {
    const tenant = await createTenant(t.db, "sso-status-co", "SSO Status Co");
    await t.db.insert(tenantDomains).values({ domain: "sso-status.example", tenantId: tenant.id });
    await t.db.insert(tenantSsoConfigs).values({
      tenantId: tenant.id,
      entraTenantId: "5470fe65-0ade-4fcf-8f19-27bc9bd87a10",
      clientId: "6a16fd7a-863b-4a6d-9bba-ec3ee52cca0d",
      clientSecretEncrypted: "sealed",
      enabled: true,
    });
    const listed = async () => (await listTenants(t.db, { query: "sso-status-co", page: 1 }, clock)).tenants[0]!.ssoStatus;
    expect(await listed()).toBe("Configured · Not shown on /login: no verified domain routes people here yet");
    expect(await listed()).toBe((await loadSsoCard(t.db, tenant.id, clock)).status);

    await t.db.update(tenantDomains).set({ verifiedAt: clock.now() }).where(eq(tenantDomains.tenantId, tenant.id));
    await t.db.update(tenantSsoConfigs).set({ clientSecretExpiresAt: new Date("2026-11-20T00:00:00Z") }).where(eq(tenantSsoConfigs.tenantId, tenant.id));
    expect(await listed()).toBe("Configured · Sign-in fails: the client secret has expired");
    expect(await listed()).toBe((await loadSsoCard(t.db, tenant.id, clock)).status);
  });

  it("creates a tenant with a single-use, expiring invitation for its first admin", async () => {
    const bad = await createTenantWithInvitation(t.db, { name: "x", adminEmail: "not an email", staff, clientIp: "x" }, clock);
    expect(bad).toMatchObject({ ok: false, fieldErrors: { name: expect.any(String), adminEmail: expect.any(String) } });
    const created = await createTenantWithInvitation(t.db, { name: "Adatum", adminEmail: "Ada@Adatum.example", staff, clientIp: "x" }, clock);
    if (!created.ok) throw new Error("not created");
    const [stored] = await t.db.select().from(tenantInvitations).where(eq(tenantInvitations.tenantId, created.tenantId));
    expect(stored).toMatchObject({ email: "ada@adatum.example", role: "admin", expiresAt: new Date("2026-11-28T10:00:00Z") });
    expect(stored!.tokenHash).not.toContain(created.invitationToken);

    const result = await acceptInvitationWithPassword(
      t.db,
      { token: created.invitationToken, name: "Ada", password: "a strong passphrase here", confirmation: "a strong passphrase here", clientIp: "x" },
      standard,
      clock,
    );
    expect(result).toMatchObject({ ok: true, tenantId: created.tenantId });
    const members = await t.db.select().from(tenantMemberships).where(eq(tenantMemberships.tenantId, created.tenantId));
    expect(members.map((m) => m.role)).toEqual(["admin"]);
    expect(await findInvitation(t.db, created.invitationToken, clock)).toEqual({ ok: false, code: "invitation_used" });
  });

  it("refuses an expired invitation, and a second acceptance of the same link", async () => {
    const created = await createTenantWithInvitation(t.db, { name: "Expiring", adminEmail: "exp@expiring.example", staff, clientIp: "x" }, clock);
    if (!created.ok) throw new Error("not created");
    const later = frozenClock("2026-11-28T10:00:01Z");
    const user = await createPasswordUser(t.db, { login: "late@expiring.example", password: "irrelevant here" });
    const { sessionToken } = await createSession(t.db, { userId: user.id, tenantId: null }, clock);
    expect(await acceptInvitation(t.db, { token: created.invitationToken, userId: user.id, sessionToken, clientIp: "x" }, later)).toEqual({ ok: false, code: "invitation_expired" });
    expect(await acceptInvitation(t.db, { token: created.invitationToken, userId: user.id, sessionToken, clientIp: "x" }, clock)).toMatchObject({ ok: true });
    const [session] = await t.db.select().from(sessions).where(eq(sessions.sessionToken, sessionToken));
    expect(session!.tenantId).toBe(created.tenantId);
    expect(await acceptInvitation(t.db, { token: created.invitationToken, userId: user.id, sessionToken, clientIp: "x" }, clock)).toEqual({ ok: false, code: "invitation_used" });
    expect(await findInvitation(t.db, "garbage", clock)).toEqual({ ok: false, code: "invitation_invalid" });
  });

  it("never lowers an existing admin who accepts a member invitation", async () => {
    const tenant = await createTenant(t.db, "keeps-admin", "Keeps Admin");
    const user = await createPasswordUser(t.db, { login: "boss@keeps.example", password: "irrelevant here", tenantId: tenant.id, role: "admin" });
    const { token, tokenHash } = newInvitationToken();
    await t.db.insert(tenantInvitations).values({ tenantId: tenant.id, email: "boss@keeps.example", role: "member", tokenHash, expiresAt: new Date("2026-12-01T00:00:00Z") });
    const { sessionToken } = await createSession(t.db, { userId: user.id, tenantId: tenant.id }, clock);
    expect(await acceptInvitation(t.db, { token, userId: user.id, sessionToken, clientIp: "x" }, clock)).toMatchObject({ ok: true });
    const [membership] = await t.db.select().from(tenantMemberships).where(eq(tenantMemberships.userId, user.id));
    expect(membership!.role).toBe("admin");
  });

  it("refuses a password account from an invitation under AUTH_POLICY=restricted", async () => {
    const created = await createTenantWithInvitation(t.db, { name: "Strict", adminEmail: "s@strict.example", staff, clientIp: "x" }, clock);
    if (!created.ok) throw new Error("not created");
    const restricted = { mode: "restricted" as const, allowedDomains: ["strict.example"] };
    const input = { token: created.invitationToken, name: "S", password: "a strong passphrase here", confirmation: "a strong passphrase here", clientIp: "x" };
    expect(await acceptInvitationWithPassword(t.db, input, restricted, clock)).toEqual({ ok: false, code: "password_not_allowed" });
    expect(await findInvitation(t.db, created.invitationToken, clock)).toMatchObject({ ok: true });
  });

  it("ends all sessions of a user", async () => {
    const user = await createPasswordUser(t.db, { login: "many@sessions.example", password: "irrelevant here" });
    for (let i = 0; i < 3; i++) await createSession(t.db, { userId: user.id, tenantId: null }, clock);
    expect(await endAllSessionsOfUser(t.db, { userId: user.id, staff, clientIp: "x" }, clock)).toEqual({ ok: true, endedSessions: 3 });
    expect(await t.db.select().from(sessions).where(eq(sessions.userId, user.id))).toHaveLength(0);
    const [event] = await t.db.select().from(auditEvents).where(eq(auditEvents.kind, "user.sessions_ended"));
    expect(event).toMatchObject({ actorType: "staff", actorId: "staff-1", detail: { userId: user.id, endedSessions: 3, staffRole: "admin" } });
    expect(await endAllSessionsOfUser(t.db, { userId: "nobody", staff, clientIp: "x" }, clock)).toEqual({ ok: false, code: "user_not_found" });
  });

  it("adds a domain to a tenant unverified, under the rules every domain follows, and audits it", async () => {
    const tenant = await createTenant(t.db, "adds-domain", "Adds Domain");
    expect(await addTenantDomain(t.db, { tenantId: tenant.id, domain: "New.Example", staff, clientIp: "x" }, clock)).toEqual({ ok: true, domain: "new.example" });
    const [row] = await t.db.select().from(tenantDomains).where(eq(tenantDomains.domain, "new.example"));
    expect(row).toMatchObject({ tenantId: tenant.id, verifiedAt: null });
    expect(await addTenantDomain(t.db, { tenantId: tenant.id, domain: "outlook.com", staff, clientIp: "x" }, clock)).toEqual({ ok: false, code: "domain_public" });
    expect(await addTenantDomain(t.db, { tenantId: crypto.randomUUID(), domain: "other.example", staff, clientIp: "x" }, clock)).toEqual({ ok: false, code: "tenant_not_found" });
    const [event] = await t.db.select().from(auditEvents).where(eq(auditEvents.kind, "domain.added"));
    expect(event).toMatchObject({ actorType: "staff", tenantId: tenant.id, detail: { domain: "new.example" } });
  });
});
