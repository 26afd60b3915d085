import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { accounts, auditEvents, tenantMemberships, users } from "@/db/schema";
import { withTestDatabase } from "@/db/testing/test-database";
import { createTenant } from "@/lib/testing/fixtures";
import { frozenClock } from "@/lib/time/clock";
import { findProvisionedUser, listProvisionedUsers } from "./provisioned-users";
import { addProvisionedUserForm, loadMcpAccessCard, removeProvisionedUserForm, saveMcpAccessForm, type McpAccessAdmin } from "./mcp-access-settings";

const t = withTestDatabase();
const TENANT = "0C9C6F1E-3A57-4C1B-9F0E-6B2D41A7C5E3";
const AUDIENCE = "4f0b8e26-d1a7-4c39-b5e2-8a6c3f9d1e70";
const OID = "6b1e4f2a-93c7-4d58-a0b6-2f8e1c7d9a34";

async function adminOf(key: string): Promise<McpAccessAdmin> {
  const tenant = await createTenant(t.db, key);
  return { db: t.db, tenantId: tenant.id, actorId: "admin-1", clientIp: "192.0.2.7", authorityHost: "https://login.example", clock: frozenClock("2026-11-28T12:00:00Z") };
}

describe("Settings → MCP access", () => {
  it("saves the configuration with GUIDs lower-cased, an App ID URI audience as its GUID, and the default scope", async () => {
    const admin = await adminOf("save-mcp");
    const saved = await saveMcpAccessForm(admin, { entraTenantId: TENANT, audience: `api://${AUDIENCE}`, requiredScope: "" });
    expect(saved).toEqual({ ok: true, card: { entraTenantId: TENANT.toLowerCase(), audience: AUDIENCE, requiredScope: "mcp.access", acceptV1Tokens: false, configured: true } });
    const [event] = await t.db.select().from(auditEvents).where(eq(auditEvents.kind, "mcp.access_saved"));
    expect(event).toMatchObject({ actorId: "admin-1", tenantId: admin.tenantId, clientIp: "192.0.2.7" });
  });

  it("names each bad field and writes nothing", async () => {
    const admin = await adminOf("bad-mcp");
    expect(await saveMcpAccessForm(admin, { entraTenantId: "contoso", audience: "api://my-api", requiredScope: "mcp access" })).toEqual({
      ok: false,
      fieldErrors: { entraTenantId: "mcp_tenant_id_invalid", audience: "mcp_audience_invalid", requiredScope: "mcp_scope_invalid" },
    });
    expect((await loadMcpAccessCard(t.db, admin.tenantId)).configured).toBe(false);
  });

  it("refuses a tenant and audience another workspace already uses, since tokens must find one workspace", async () => {
    const first = await adminOf("first-mcp");
    const second = await adminOf("second-mcp");
    const other = "7d4e2b91-58f3-4a60-b2c7-e91f0a3d6b84";
    await saveMcpAccessForm(first, { entraTenantId: other, audience: AUDIENCE });
    expect(await saveMcpAccessForm(second, { entraTenantId: other, audience: AUDIENCE })).toEqual({ ok: false, fieldErrors: { audience: "mcp_audience_taken" } });
  });

  it("asks for the MCP access configuration before anyone can be added", async () => {
    const admin = await adminOf("unconfigured-mcp");
    expect(await addProvisionedUserForm(admin, { email: "megan@contoso.example", oid: OID })).toEqual({ ok: false, fieldErrors: { oid: "mcp_provision_needs_config" } });
  });

  it("makes a provisioned person a member of the workspace, and the user who already holds their Entra identity", async () => {
    const admin = await adminOf("linked-mcp");
    const tid = TENANT.toLowerCase();
    await saveMcpAccessForm(admin, { entraTenantId: tid, audience: "11111111-2222-4333-8444-555555555555" });
    const [existing] = await t.db.insert(users).values({ name: "Megan", email: "megan.linked@contoso.example" }).returning();
    await t.db.insert(accounts).values({ userId: existing!.id, type: "oidc", provider: "microsoft-entra-id", providerAccountId: `${tid}:${OID}` });
    expect(await addProvisionedUserForm(admin, { email: "someone-else@contoso.example", oid: OID })).toEqual({ ok: true });
    expect((await findProvisionedUser(t.db, admin.tenantId, OID))?.userId).toBe(existing!.id);
    const [membership] = await t.db.select().from(tenantMemberships).where(and(eq(tenantMemberships.tenantId, admin.tenantId), eq(tenantMemberships.userId, existing!.id)));
    expect(membership?.role).toBe("member");
  });

  it("gives a new person a user holding their Entra identity through the workspace's SSO provider, and refuses them once their membership is removed", async () => {
    const admin = await adminOf("fresh-mcp");
    const tid = TENANT.toLowerCase();
    await saveMcpAccessForm(admin, { entraTenantId: tid, audience: "22222222-2222-4333-8444-555555555555" });
    const oid = "7a7a7a7a-93c7-4d58-a0b6-2f8e1c7d9a34";
    expect(await addProvisionedUserForm(admin, { email: "new.dev@contoso.example", oid })).toEqual({ ok: true });
    const provisioned = await findProvisionedUser(t.db, admin.tenantId, oid);
    const [account] = await t.db.select().from(accounts).where(eq(accounts.userId, provisioned!.userId));
    expect(account).toMatchObject({ provider: "t-fresh-mcp", providerAccountId: `${tid}:${oid}` });
    await t.db.delete(tenantMemberships).where(eq(tenantMemberships.userId, provisioned!.userId));
    expect(await findProvisionedUser(t.db, admin.tenantId, oid)).toBeUndefined();
  });

  it("adds a person by e-mail and Object ID once, lists them by search, and removes them", async () => {
    const admin = await adminOf("people-mcp");
    await saveMcpAccessForm(admin, { entraTenantId: TENANT, audience: "33333333-2222-4333-8444-555555555555" });
    expect(await addProvisionedUserForm(admin, { email: " Megan@Contoso.example ", oid: OID.toUpperCase() })).toEqual({ ok: true });
    expect(await addProvisionedUserForm(admin, { email: "megan@contoso.example", oid: OID })).toEqual({ ok: false, fieldErrors: { oid: "mcp_user_exists" } });
    expect(await addProvisionedUserForm(admin, { email: "nope", oid: "123" })).toEqual({ ok: false, fieldErrors: { email: "mcp_user_email_invalid", oid: "mcp_user_oid_invalid" } });
    expect((await listProvisionedUsers(t.db, admin.tenantId, { search: "MEGAN" })).users).toMatchObject([{ oid: OID, email: "megan@contoso.example" }]);
    expect((await listProvisionedUsers(t.db, admin.tenantId, { search: "100%" })).total).toBe(0);
    expect(await removeProvisionedUserForm(admin, OID)).toEqual({ ok: true, message: "mcp_user_removed" });
    expect(await findProvisionedUser(t.db, admin.tenantId, OID)).toBeUndefined();
    expect(await removeProvisionedUserForm(admin, OID)).toEqual({ ok: false, message: "mcp_user_not_found" });
  });

  it("pages the list 50 at a time, sorted by e-mail", async () => {
    const admin = await adminOf("many-mcp");
    await saveMcpAccessForm(admin, { entraTenantId: TENANT, audience: "44444444-2222-4333-8444-555555555555" });
    for (let i = 0; i < 51; i += 1)
      await addProvisionedUserForm(admin, { email: `dev${String(i).padStart(2, "0")}@contoso.example`, oid: `00000000-0000-4000-8000-${String(i).padStart(12, "0")}` });
    const second = await listProvisionedUsers(t.db, admin.tenantId, { page: 2 });
    expect(second).toMatchObject({ total: 51, page: 2 });
    expect(second.users.map((u) => u.email)).toEqual(["dev50@contoso.example"]);
  });
});
