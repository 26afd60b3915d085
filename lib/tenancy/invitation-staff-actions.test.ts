import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { auditEvents, tenantInvitations } from "@/db/schema";
import { withTestDatabase } from "@/db/testing/test-database";
import { createTenant } from "@/lib/testing/fixtures";
import { frozenClock } from "@/lib/time/clock";
import { reissueInvitation, revokeInvitation } from "./invitation-staff-actions";
import { INVITATION_TTL_DAYS, findInvitation, listPendingInvitations, newInvitationToken } from "./invitations";

const t = withTestDatabase();
const staff = { id: "staff-1", email: "olivia@ops.example", name: "Olivia", role: "admin" as const };
const DAY = 24 * 60 * 60 * 1000;

async function invitation(tenantKey: string, clock: ReturnType<typeof frozenClock>) {
  const tenant = await createTenant(t.db, tenantKey, `Tenant ${tenantKey}`);
  const { token, tokenHash } = newInvitationToken();
  const [row] = await t.db
    .insert(tenantInvitations)
    .values({ tenantId: tenant.id, email: `first@${tenantKey}.example`, role: "admin", tokenHash, expiresAt: new Date(clock.now().getTime() + INVITATION_TTL_DAYS * DAY) })
    .returning();
  return { tenant, token, invitationId: row!.id };
}

describe("revokeInvitation", () => {
  it("stops the link at once, drops it from the pending list and audits the staff member", async () => {
    const clock = frozenClock("2026-11-28T09:00:00Z");
    const { tenant, token, invitationId } = await invitation("revoke-one", clock);
    expect(await revokeInvitation(t.db, { invitationId, tenantId: tenant.id, staff, clientIp: "10.0.0.1" }, clock)).toEqual({ ok: true, email: "first@revoke-one.example" });
    expect(await findInvitation(t.db, token, clock)).toEqual({ ok: false, code: "invitation_revoked" });
    expect(await listPendingInvitations(t.db, tenant.id, clock)).toEqual([]);
    const [event] = await t.db.select().from(auditEvents).where(and(eq(auditEvents.kind, "invitation.revoked"), eq(auditEvents.tenantId, tenant.id)));
    expect(event).toMatchObject({ outcome: "success", actorType: "staff", actorLabel: "olivia@ops.example" });
  });

  it("refuses an invitation of another tenant, one already revoked and one already accepted, and audits each refusal", async () => {
    const clock = frozenClock("2026-11-28T09:00:00Z");
    const { tenant, invitationId } = await invitation("revoke-two", clock);
    const other = await createTenant(t.db, "revoke-other");
    expect(await revokeInvitation(t.db, { invitationId, tenantId: other.id, staff, clientIp: "x" }, clock)).toEqual({ ok: false, code: "invitation_not_found" });
    await revokeInvitation(t.db, { invitationId, tenantId: tenant.id, staff, clientIp: "x" }, clock);
    expect(await revokeInvitation(t.db, { invitationId, tenantId: tenant.id, staff, clientIp: "x" }, clock)).toEqual({ ok: false, code: "invitation_not_found" });
    const accepted = await invitation("revoke-three", clock);
    await t.db.update(tenantInvitations).set({ acceptedAt: clock.now() }).where(eq(tenantInvitations.id, accepted.invitationId));
    expect(await revokeInvitation(t.db, { invitationId: accepted.invitationId, tenantId: accepted.tenant.id, staff, clientIp: "x" }, clock)).toEqual({
      ok: false,
      code: "invitation_not_found",
    });
    const refusals = await t.db.select().from(auditEvents).where(and(eq(auditEvents.kind, "invitation.revoked"), eq(auditEvents.outcome, "failure")));
    expect(refusals.length).toBeGreaterThanOrEqual(3);
  });
});

describe("reissueInvitation", () => {
  it("revokes the old link and issues a new one for the same address and role, valid 7 days from now, even after expiry", async () => {
    const clock = frozenClock("2026-11-28T09:00:00Z");
    const { tenant, token, invitationId } = await invitation("reissue-one", clock);
    clock.advance((INVITATION_TTL_DAYS + 1) * DAY);
    expect(await findInvitation(t.db, token, clock)).toEqual({ ok: false, code: "invitation_expired" });
    expect((await listPendingInvitations(t.db, tenant.id, clock)).map((i) => i.expired)).toEqual([true]);
    const result = await reissueInvitation(t.db, { invitationId, tenantId: tenant.id, staff, clientIp: "10.0.0.1" }, clock);
    expect(result).toMatchObject({ ok: true, email: "first@reissue-one.example", role: "admin", tenantName: "Tenant reissue-one" });
    if (!result.ok) return;
    expect(result.expiresAt.getTime()).toBe(clock.now().getTime() + INVITATION_TTL_DAYS * DAY);
    expect(await findInvitation(t.db, token, clock)).toEqual({ ok: false, code: "invitation_revoked" });
    expect(await findInvitation(t.db, result.token, clock)).toMatchObject({ ok: true, invitation: { email: "first@reissue-one.example", role: "admin" } });
    const pending = await listPendingInvitations(t.db, tenant.id, clock);
    expect(pending.map((i) => [i.email, i.expired])).toEqual([["first@reissue-one.example", false]]);
  });

  it("issues nothing for an invitation that is not pending", async () => {
    const clock = frozenClock("2026-11-28T09:00:00Z");
    const { tenant, invitationId } = await invitation("reissue-two", clock);
    await revokeInvitation(t.db, { invitationId, tenantId: tenant.id, staff, clientIp: "x" }, clock);
    expect(await reissueInvitation(t.db, { invitationId, tenantId: tenant.id, staff, clientIp: "x" }, clock)).toEqual({ ok: false, code: "invitation_not_found" });
    expect(await t.db.select().from(tenantInvitations).where(eq(tenantInvitations.tenantId, tenant.id))).toHaveLength(1);
  });
});
