import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { auditEvents, tenantInvitations, tenantMemberships, users } from "@/db/schema";
import { withTestDatabase } from "@/db/testing/test-database";
import { createTenant } from "@/lib/testing/fixtures";
import { frozenClock } from "@/lib/time/clock";
import { findInvitation } from "./invitations";
import { inviteMember } from "./invite-member";

const t = withTestDatabase();
const clock = frozenClock("2026-11-21T17:00:00Z");
const actor = { id: "admin-1", label: "admin@acme.example" };

const invite = (tenantId: string, email: unknown, role: unknown) => inviteMember(t.db, { tenantId, email, role, actor, clientIp: "10.0.0.7" }, clock);
const invitationsOf = (tenantId: string) => t.db.select().from(tenantInvitations).where(eq(tenantInvitations.tenantId, tenantId));

describe("inviteMember", () => {
  it("creates a 7-day invitation for the chosen role whose link opens this workspace, audited with the admin", async () => {
    const tenant = await createTenant(t.db, "invite-acme", "Invite Acme");
    const result = await invite(tenant.id, "  New.Person@Acme.Example ", "admin");
    if (!result.ok) throw new Error(result.code);
    expect(result).toMatchObject({ email: "new.person@acme.example", role: "admin", tenantName: "Invite Acme", expiresAt: new Date("2026-11-28T17:00:00Z") });
    expect(await findInvitation(t.db, result.token, clock)).toMatchObject({ ok: true, invitation: { tenantId: tenant.id, email: "new.person@acme.example", role: "admin" } });
    const [stored] = await invitationsOf(tenant.id);
    expect(stored!.tokenHash).not.toContain(result.token);
    const [event] = await t.db.select().from(auditEvents).where(and(eq(auditEvents.kind, "invitation.created"), eq(auditEvents.tenantId, tenant.id)));
    expect(event).toMatchObject({ outcome: "success", actorId: "admin-1", actorLabel: "admin@acme.example", detail: { email: "new.person@acme.example", role: "admin" } });
    expect(JSON.stringify(event!.detail)).not.toContain(result.token);
  });

  it("refuses a bad address or role, and someone already in the workspace, writing no invitation and auditing a reference", async () => {
    const tenant = await createTenant(t.db, "invite-refusals");
    const [member] = await t.db.insert(users).values({ name: "Already", email: "already@acme.example" }).returning();
    await t.db.insert(tenantMemberships).values({ userId: member!.id, tenantId: tenant.id, role: "member" });
    for (const email of ["", "not an email", null, ["a@b.example"], "a@b.example\u0000x"])
      expect(await invite(tenant.id, email, "member")).toMatchObject({ ok: false, code: "invite_email_invalid", reference: expect.stringMatching(/^GH-/) });
    for (const role of ["owner", undefined, 1]) expect(await invite(tenant.id, "ok@acme.example", role)).toMatchObject({ ok: false, code: "role_invalid" });
    expect(await invite(tenant.id, "Already@acme.example", "member")).toMatchObject({ ok: false, code: "already_member" });
    expect(await invitationsOf(tenant.id)).toHaveLength(0);
    const refusals = await t.db.select().from(auditEvents).where(and(eq(auditEvents.kind, "invitation.created"), eq(auditEvents.tenantId, tenant.id)));
    expect(refusals).toHaveLength(9);
    expect(refusals.every((e) => e.outcome === "failure" && e.actorId === "admin-1")).toBe(true);
  });

  it("invites someone who belongs to another workspace only", async () => {
    const mine = await createTenant(t.db, "invite-mine");
    const theirs = await createTenant(t.db, "invite-theirs");
    const [other] = await t.db.insert(users).values({ email: "elsewhere@globex.example" }).returning();
    await t.db.insert(tenantMemberships).values({ userId: other!.id, tenantId: theirs.id, role: "admin" });
    expect(await invite(mine.id, "elsewhere@globex.example", "member")).toMatchObject({ ok: true, role: "member" });
  });
});
