import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { auditEvents, oauthConsents, oauthModels, users } from "@/db/schema";
import { withTestDatabase } from "@/db/testing/test-database";
import { frozenClock } from "@/lib/time/clock";
import { revokeUserGrant } from "./revoke-user-grant";

const t = withTestDatabase();
const clock = frozenClock("2026-11-21T10:00:00Z");
const staff = { id: "staff-1", email: "olivia@ops.example", name: "Olivia", role: "admin" as const };

describe("revokeUserGrant", () => {
  it("revokes the person's consent, its grant and tokens, audited once with the staff identity; a second try is refused with a reference", async () => {
    const [ada] = await t.db.insert(users).values({ name: "Ada" }).returning();
    const now = clock.now();
    await t.db.insert(oauthConsents).values({ userId: ada!.id, clientId: "editor", grantId: "grant-1", scopes: "mcp", resource: "https://gh.example/mcp", createdAt: now, updatedAt: now });
    await t.db.insert(oauthModels).values([
      { model: "Grant", id: "grant-1", payload: {} },
      { model: "RefreshToken", id: "rt-1", grantId: "grant-1", payload: {} },
    ]);

    expect(await revokeUserGrant(t.db, { userId: ada!.id, clientId: "editor", staff, clientIp: "10.0.0.1" }, clock)).toEqual({ ok: true });
    expect(await t.db.select().from(oauthConsents).where(eq(oauthConsents.userId, ada!.id))).toHaveLength(0);
    expect(await t.db.select().from(oauthModels)).toHaveLength(0);
    const [event] = await t.db.select().from(auditEvents).where(and(eq(auditEvents.kind, "oauth.grant_revoked"), eq(auditEvents.outcome, "success")));
    expect(event).toMatchObject({ actorType: "staff", actorId: "staff-1", actorLabel: "olivia@ops.example", detail: { userId: ada!.id, clientId: "editor" } });
    // One event for one action: not also a consent revoked by the person themselves.
    expect(await t.db.select().from(auditEvents).where(eq(auditEvents.kind, "oauth.consent_revoked"))).toHaveLength(0);

    const again = await revokeUserGrant(t.db, { userId: ada!.id, clientId: "editor", staff, clientIp: "10.0.0.1" }, clock);
    expect(again).toEqual({ ok: false, code: "grant_not_found", reference: expect.stringMatching(/^GH-/) });
    const [refusal] = await t.db.select().from(auditEvents).where(and(eq(auditEvents.kind, "oauth.grant_revoked"), eq(auditEvents.outcome, "failure")));
    expect(refusal).toMatchObject({ actorId: "staff-1", reference: again.ok ? "" : again.reference });
  });

  it("never revokes another person's grant for the same client", async () => {
    const [ada] = await t.db.insert(users).values({ name: "Ada" }).returning();
    const [bob] = await t.db.insert(users).values({ name: "Bob" }).returning();
    const now = clock.now();
    await t.db.insert(oauthConsents).values({ userId: bob!.id, clientId: "shared", grantId: "grant-bob", scopes: "mcp", resource: "r", createdAt: now, updatedAt: now });
    expect(await revokeUserGrant(t.db, { userId: ada!.id, clientId: "shared", staff, clientIp: "x" }, clock)).toMatchObject({ ok: false, code: "grant_not_found" });
    expect(await t.db.select().from(oauthConsents).where(eq(oauthConsents.userId, bob!.id))).toHaveLength(1);
  });
});
