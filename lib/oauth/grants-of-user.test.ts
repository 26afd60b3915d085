import { describe, expect, it } from "vitest";
import { oauthConsents, oauthModels, users } from "@/db/schema";
import { withTestDatabase } from "@/db/testing/test-database";
import { createTenant } from "@/lib/testing/fixtures";
import { listGrantsOfUser } from "./grants-of-user";

const t = withTestDatabase();

describe("listGrantsOfUser", () => {
  it("lists a person's grants with client name, redirect hosts, workspace, scopes and when, newest first, and no one else's", async () => {
    const tenant = await createTenant(t.db, "grants-acme", "Grants Acme");
    const [ada] = await t.db.insert(users).values({ name: "Ada" }).returning();
    const [bob] = await t.db.insert(users).values({ name: "Bob" }).returning();
    await t.db.insert(oauthModels).values({
      model: "Client",
      id: "client-editor",
      payload: { client_id: "client-editor", redirect_uris: ["http://127.0.0.1:33418/callback", "https://editor.example/cb", "https://editor.example/other"] },
    });
    const consent = (userId: string, clientId: string, at: string, extra: Partial<typeof oauthConsents.$inferInsert> = {}) =>
      t.db.insert(oauthConsents).values({
        userId,
        clientId,
        tenantId: tenant.id,
        grantId: `grant-${userId}-${clientId}`,
        scopes: "mcp:read mcp:write",
        resource: "https://gatehouse.example/mcp",
        clientName: "Editor",
        createdAt: new Date(at),
        updatedAt: new Date(at),
        ...extra,
      });
    await consent(ada!.id, "client-editor", "2026-11-20T10:00:00Z");
    await consent(ada!.id, "client-gone", "2026-11-21T10:00:00Z", { clientName: null, tenantId: null, scopes: "" });
    await consent(bob!.id, "client-editor", "2026-11-22T10:00:00Z");

    expect(await listGrantsOfUser(t.db, ada!.id)).toEqual([
      {
        clientId: "client-gone",
        clientName: null,
        redirectHosts: [],
        tenantId: null,
        tenantName: null,
        scopes: [],
        grantedAt: new Date("2026-11-21T10:00:00Z"),
        updatedAt: new Date("2026-11-21T10:00:00Z"),
      },
      {
        clientId: "client-editor",
        clientName: "Editor",
        redirectHosts: ["127.0.0.1:33418", "editor.example"],
        tenantId: tenant.id,
        tenantName: "Grants Acme",
        scopes: ["mcp:read", "mcp:write"],
        grantedAt: new Date("2026-11-20T10:00:00Z"),
        updatedAt: new Date("2026-11-20T10:00:00Z"),
      },
    ]);
  });
});
