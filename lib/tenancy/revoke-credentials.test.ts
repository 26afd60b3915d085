import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { oauthConsents, oauthModels } from "@/db/schema";
import { withTestDatabase } from "@/db/testing/test-database";
import { apiKeyHasher } from "@/lib/api-keys/api-key-secret";
import { createApiKey, verifyApiKey } from "@/lib/api-keys/personal-api-keys";
import { setTenantStatus } from "@/lib/manage/tenant-status";
import { endAllSessionsOfUser } from "@/lib/manage/user-detail";
import { createPasswordUser, createTenant } from "@/lib/testing/fixtures";
import { frozenClock } from "@/lib/time/clock";

const t = withTestDatabase();
const clock = frozenClock("2026-11-28T12:00:00Z");
const hasher = apiKeyHasher(Buffer.alloc(32, 5));
const staff = { id: "staff-1", email: "olivia@ops.example", name: "Olivia", role: "admin" as const };
let n = 0;

async function personWithCredentials() {
  n += 1;
  const tenant = await createTenant(t.db, `offboard-${n}`, `Offboard ${n}`);
  const user = await createPasswordUser(t.db, { login: `o${n}@offboard.example`, password: "irrelevant", tenantId: tenant.id });
  const key = await createApiKey(t.db, hasher, { userId: user.id, tenantId: tenant.id, clientIp: "10.0.0.1" }, { name: "CLI", expiresInDays: "30", scopes: ["mcp"] }, clock);
  if (!key.ok) throw new Error(key.code);
  const grantId = `grant-${n}`;
  await t.db.insert(oauthConsents).values({ userId: user.id, clientId: "vscode", tenantId: tenant.id, grantId, scopes: "mcp", resource: "https://id.example/mcp", createdAt: clock.now(), updatedAt: clock.now() });
  await t.db.insert(oauthModels).values({ model: "RefreshToken", id: `${grantId}-refresh`, grantId, payload: {} });
  return { tenantId: tenant.id, userId: user.id, key: key.key, grantId };
}

const refreshTokensOf = (grantId: string) => t.db.select().from(oauthModels).where(eq(oauthModels.grantId, grantId));

describe("one offboarding", () => {
  it("'End all sessions' in the console also revokes the person's API keys and OAuth grants: each stops at its next use", async () => {
    const p = await personWithCredentials();
    expect(await verifyApiKey(t.db, hasher, p.key, clock)).toMatchObject({ ok: true });
    expect(await endAllSessionsOfUser(t.db, { userId: p.userId, staff, clientIp: "10.0.0.2" }, clock)).toMatchObject({ ok: true });
    expect(await verifyApiKey(t.db, hasher, p.key, clock)).toMatchObject({ ok: false, reason: expect.stringMatching(/revoked/) });
    expect(await refreshTokensOf(p.grantId)).toHaveLength(0);
  });

  it("disabling a workspace revokes its API keys and OAuth grants, and enabling it again restores none", async () => {
    const p = await personWithCredentials();
    await setTenantStatus(t.db, { tenantId: p.tenantId, status: "disabled", staff, clientIp: "10.0.0.2" }, clock);
    await setTenantStatus(t.db, { tenantId: p.tenantId, status: "active", staff, clientIp: "10.0.0.2" }, clock);
    expect(await verifyApiKey(t.db, hasher, p.key, clock)).toMatchObject({ ok: false, reason: expect.stringMatching(/revoked/) });
    expect(await refreshTokensOf(p.grantId)).toHaveLength(0);
  });
});
