import { describe, expect, it } from "vitest";
import { users } from "@/db/schema";
import { withTestDatabase } from "@/db/testing/test-database";
import { createPasswordUser, createTenant } from "@/lib/testing/fixtures";
import { listUsers } from "./user-directory";

const t = withTestDatabase();

describe("the console's user directory", () => {
  it("finds people by part of their name, e-mail or login, including people with no workspace", async () => {
    const tenant = await createTenant(t.db, "finders", "Finders");
    await createPasswordUser(t.db, { login: "wendy@finders.example", password: "x", tenantId: tenant.id, name: "Wendy Member" });
    await t.db.insert(users).values({ name: "Nora Nowhere", email: "nora@elsewhere.example" });
    const names = async (q: string) => (await listUsers(t.db, new URLSearchParams({ q }))).users.map((u) => [u.name, u.workspaces]);
    expect(await names("nowhere")).toEqual([["Nora Nowhere", 0]]);
    expect(await names("ELSEWHERE.example")).toEqual([["Nora Nowhere", 0]]);
    expect(await names("wendy@")).toEqual([["Wendy Member", 1]]);
    expect(await names("%")).toEqual([]);
  });
});
