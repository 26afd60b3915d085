import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { auditEvents, sessions, tenantDomains, tenantMemberships, tenants, users } from "@/db/schema";
import { withTestDatabase } from "@/db/testing/test-database";
import { createTenant } from "@/lib/testing/fixtures";
import { findWorkspaceForIdentity, joinAsMember } from "@/lib/tenancy/platform-membership";
import { frozenClock } from "@/lib/time/clock";
import type { OidcIdentity } from "./oidc-identity";
import { completeOidcSignIn, createOidcUser, type WorkspaceRule } from "./oidc-sign-in-completion";

const t = withTestDatabase();
const clock = frozenClock("2026-11-21T14:00:00Z");
const contosoTid = "aaaaaaaa-1111-4111-8111-111111111111";
const strangerTid = "bbbbbbbb-2222-4222-8222-222222222222";

const identity = (over: Partial<OidcIdentity>): OidcIdentity => ({
  provider: "microsoft-entra-id",
  providerAccountId: `${contosoTid}:${crypto.randomUUID()}`,
  tid: contosoTid,
  name: "Someone",
  email: null,
  emailDomainVerified: false,
  ...over,
});

const platformRule: WorkspaceRule = async (db, userId, id) => {
  const tenantId = await findWorkspaceForIdentity(db, id);
  return { tenantId, joined: tenantId ? await joinAsMember(db, userId, tenantId) : false };
};

async function signIn(id: OidcIdentity, userId?: string) {
  const user = userId ? { id: userId } : await createOidcUser(t.db, id, clock);
  const token = crypto.randomUUID();
  await completeOidcSignIn(
    t.db,
    { sessionToken: token, userId: user.id, expires: new Date("2026-11-28T14:00:00Z"), identity: id, clientIp: "10.9.9.9", auditKind: "sign_in.microsoft", method: "microsoft" },
    platformRule,
    clock,
  );
  const [session] = await t.db.select().from(sessions).where(eq(sessions.sessionToken, token));
  const [row] = await t.db.select().from(users).where(eq(users.id, user.id));
  return { user: row!, session: session! };
}

describe("completing an OIDC sign-in", () => {
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
    const vouched = await signIn(identity({ tid: strangerTid, email: "kim@fabrikam.example", emailDomainVerified: true }));
    expect(vouched.session).toMatchObject({ signInMethod: "microsoft", vouchedDomain: "fabrikam.example" });
    const unvouched = await signIn(identity({ tid: strangerTid, email: "lee@fabrikam.example", emailDomainVerified: false }));
    expect(unvouched.session).toMatchObject({ signInMethod: "microsoft", vouchedDomain: null });
  });

  it("refreshes name and e-mail at every sign-in", async () => {
    const id = identity({ tid: strangerTid, name: "Old Name", email: "rename@stranger.example" });
    const first = await signIn(id);
    const second = await signIn({ ...id, name: "New Name", email: "renamed@stranger.example" }, first.user.id);
    expect(second.user).toMatchObject({ name: "New Name", email: "renamed@stranger.example" });
  });

  it("gives a stranger asserting an existing user's e-mail a separate user without that e-mail (nOAuth)", async () => {
    const victim = await signIn(identity({ name: "Victim", email: "victim@contoso.example" }));
    const attacker = await signIn(identity({ tid: strangerTid, name: "Attacker", email: "victim@contoso.example" }));
    expect(attacker.user.id).not.toBe(victim.user.id);
    expect(attacker.user.email).toBeNull();
    const [stillVictim] = await t.db.select().from(users).where(eq(users.id, victim.user.id));
    expect(stillVictim).toMatchObject({ name: "Victim", email: "victim@contoso.example" });
    expect(attacker.session.tenantId).toBeNull();
  });

  it("audits the success with the account key", async () => {
    const id = identity({ tid: strangerTid });
    const { user } = await signIn(id);
    const [event] = await t.db.select().from(auditEvents).where(eq(auditEvents.actorId, user.id));
    expect(event).toMatchObject({ kind: "sign_in.microsoft", outcome: "success", clientIp: "10.9.9.9" });
    expect(event!.detail).toMatchObject({ account: id.providerAccountId });
  });
});
