import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { accounts, passwordCredentials, tenantMemberships, users } from "@/db/schema";
import { withTestDatabase } from "@/db/testing/test-database";
import { createTenant } from "@/lib/testing/fixtures";
import { listTenantUsers, TENANT_USERS_PAGE_SIZE } from "./tenant-users";
import type { SortDirection, TenantUserSort } from "./tenant-users-query";

const t = withTestDatabase();

let acmeId: string;
const ids: Record<"ada" | "bruno" | "cy" | "dee" | "nameless" | "zed", string> = { ada: "", bruno: "", cy: "", dee: "", nameless: "", zed: "" };

/**
 * Acme's five users differ in every column; first letters differ too, so the expected orders hold under any
 * database collation. Globex shares Bruno and has Zed, who must never show up in Acme's list.
 */
beforeAll(async () => {
  acmeId = (await createTenant(t.db, "acme", "Acme")).id;
  const globexId = (await createTenant(t.db, "globex", "Globex")).id;
  const person = async (
    key: keyof typeof ids,
    values: { name: string | null; email?: string; login?: string; lastSignInAt?: string; providers?: string[] },
    memberships: [string, "admin" | "member"][],
  ) => {
    const [user] = await t.db
      .insert(users)
      .values({ name: values.name, email: values.email ?? null, lastSignInAt: values.lastSignInAt ? new Date(values.lastSignInAt) : null })
      .returning();
    ids[key] = user!.id;
    if (values.login) await t.db.insert(passwordCredentials).values({ userId: user!.id, login: values.login, hash: "$scrypt$not-used" });
    for (const provider of values.providers ?? [])
      await t.db.insert(accounts).values({ userId: user!.id, type: "oidc", provider, providerAccountId: `${provider}:${key}` });
    for (const [tenantId, role] of memberships) await t.db.insert(tenantMemberships).values({ userId: user!.id, tenantId, role });
  };
  await person("ada", { name: "Ada", email: "ada@acme.example", login: "ada@acme.example", lastSignInAt: "2026-11-21T09:00:00Z", providers: ["microsoft-entra-id"] }, [[acmeId, "admin"]]);
  await person("bruno", { name: "bruno", email: "zed.bruno@acme.example", lastSignInAt: "2026-11-19T08:00:00Z", providers: ["microsoft-entra-id"] }, [
    [acmeId, "member"],
    [globexId, "admin"],
  ]);
  await person("cy", { name: "Cy", email: "cy@acme.example", lastSignInAt: "2026-11-20T10:00:00Z", providers: ["microsoft-entra-id", "t-acme"] }, [[acmeId, "member"]]);
  await person("dee", { name: "Dee", login: "dee", providers: ["staff-entra"] }, [[acmeId, "admin"]]);
  await person("nameless", { name: null, email: "ella@acme.example", providers: ["t-acme"] }, [[acmeId, "member"]]);
  await person("zed", { name: "Zed", email: "zed@globex.example", login: "zed@globex.example" }, [[globexId, "admin"]]);
});

const order = async (sort: TenantUserSort, dir: SortDirection) => {
  const page = await listTenantUsers(t.db, acmeId, { sort, dir, page: 1 });
  return page.users.map((user) => Object.entries(ids).find(([, id]) => id === user.id)?.[0]);
};

describe("listTenantUsers", () => {
  it("lists only the tenant's own users, each once, with role, e-mail and last sign-in", async () => {
    const page = await listTenantUsers(t.db, acmeId, { sort: "name", dir: "asc", page: 1 });
    expect(page).toMatchObject({ sort: "name", dir: "asc", page: 1, pageSize: 50, total: 5 });
    expect(page.users.map((user) => user.id)).not.toContain(ids.zed);
    expect(page.users[0]).toEqual({
      id: ids.ada,
      name: "Ada",
      email: "ada@acme.example",
      unverifiedEmail: null,
      role: "admin",
      signInMethods: ["password", "microsoft"],
      roleManagedBySso: false,
      lastSignInAt: new Date("2026-11-21T09:00:00Z"),
    });
  });

  it("marks as managed by SSO only the users who sign in through this workspace's own SSO", async () => {
    const page = await listTenantUsers(t.db, acmeId, { sort: "name", dir: "asc", page: 1 });
    const managed = page.users.filter((user) => user.roleManagedBySso).map((user) => user.id);
    expect(managed.sort()).toEqual([ids.cy, ids.nameless].sort());
    await t.db.insert(accounts).values({ userId: ids.bruno, type: "oidc", provider: "t-globex", providerAccountId: "t-globex:bruno" });
    const again = await listTenantUsers(t.db, acmeId, { sort: "name", dir: "asc", page: 1 });
    expect(again.users.find((user) => user.id === ids.bruno)?.roleManagedBySso).toBe(false);
    await t.db.delete(accounts).where(eq(accounts.provider, "t-globex"));
  });

  it("finds users by part of their name, e-mail or password login, ignoring case, and counts only the matches", async () => {
    const search = async (text: string) => {
      const page = await listTenantUsers(t.db, acmeId, { sort: "name", dir: "asc", page: 1, search: text });
      return { total: page.total, found: page.users.map((user) => Object.entries(ids).find(([, id]) => id === user.id)?.[0]) };
    };
    expect(await search("BRU")).toEqual({ total: 1, found: ["bruno"] });
    expect(await search("ella@")).toEqual({ total: 1, found: ["nameless"] });
    expect(await search("dee")).toEqual({ total: 1, found: ["dee"] });
    expect(await search("@acme.example")).toEqual({ total: 4, found: ["ada", "bruno", "cy", "nameless"] });
    expect(await search("zed@globex")).toEqual({ total: 0, found: [] });
    expect(await search("%")).toEqual({ total: 0, found: [] });
  });

  it("shows the password login in the e-mail column of a user without an e-mail, and null for never signed in", async () => {
    const page = await listTenantUsers(t.db, acmeId, { sort: "name", dir: "asc", page: 1 });
    expect(page.users.find((user) => user.id === ids.dee)).toMatchObject({ name: "Dee", email: "dee", role: "admin", lastSignInAt: null });
  });

  it("flags Password, Microsoft and tenant SSO from the user's credentials and accounts, ignoring other providers", async () => {
    const page = await listTenantUsers(t.db, acmeId, { sort: "name", dir: "asc", page: 1 });
    const methods = Object.fromEntries(page.users.map((user) => [user.id, user.signInMethods]));
    expect(methods).toEqual({
      [ids.ada]: ["password", "microsoft"],
      [ids.bruno]: ["microsoft"],
      [ids.cy]: ["microsoft", "sso"],
      [ids.dee]: ["password"],
      [ids.nameless]: ["sso"],
    });
  });

  it("sorts by name, ignoring case, with unnamed users last either way", async () => {
    expect(await order("name", "asc")).toEqual(["ada", "bruno", "cy", "dee", "nameless"]);
    expect(await order("name", "desc")).toEqual(["dee", "cy", "bruno", "ada", "nameless"]);
  });

  it("sorts by e-mail, or the login where there is none", async () => {
    expect(await order("email", "asc")).toEqual(["ada", "cy", "dee", "nameless", "bruno"]);
    expect(await order("email", "desc")).toEqual(["bruno", "nameless", "dee", "cy", "ada"]);
  });

  it("sorts by role, admins first when ascending, by name within a role", async () => {
    expect(await order("role", "asc")).toEqual(["ada", "dee", "bruno", "cy", "nameless"]);
    expect(await order("role", "desc")).toEqual(["bruno", "cy", "nameless", "ada", "dee"]);
  });

  it("sorts by last sign-in, counting never as the oldest", async () => {
    expect(await order("lastSignIn", "asc")).toEqual(["dee", "nameless", "bruno", "cy", "ada"]);
    expect(await order("lastSignIn", "desc")).toEqual(["ada", "cy", "bruno", "dee", "nameless"]);
  });

  it("pages through a large tenant fifty at a time, every user exactly once, in order", async () => {
    const bigId = (await createTenant(t.db, "big-co", "Big Co")).id;
    const created = await t.db
      .insert(users)
      .values(Array.from({ length: 120 }, (_, i) => ({ name: `user${String(i).padStart(3, "0")}`, email: `user${i}@big.example` })))
      .returning({ id: users.id, name: users.name });
    await t.db.insert(tenantMemberships).values(created.map((user) => ({ userId: user.id, tenantId: bigId, role: "member" as const })));

    const pages = await Promise.all([1, 2, 3, 4].map((page) => listTenantUsers(t.db, bigId, { sort: "name", dir: "desc", page })));
    expect(pages.map((page) => page.users.length)).toEqual([TENANT_USERS_PAGE_SIZE, TENANT_USERS_PAGE_SIZE, 20, 0]);
    expect(pages.every((page) => page.total === 120)).toBe(true);
    const expected = created.map((user) => user.name).sort().reverse();
    expect(pages.flatMap((page) => page.users.map((user) => user.name))).toEqual(expected);
  });

  it("keeps users with equal sort keys in one stable order, so pages never overlap or skip", async () => {
    const twinsId = (await createTenant(t.db, "twins", "Twins")).id;
    const created = await t.db
      .insert(users)
      .values(Array.from({ length: 60 }, () => ({ name: "Same Name" })))
      .returning({ id: users.id });
    await t.db.insert(tenantMemberships).values(created.map((user) => ({ userId: user.id, tenantId: twinsId, role: "member" as const })));

    for (const sort of ["name", "email", "role", "lastSignIn"] as const) {
      const first = await listTenantUsers(t.db, twinsId, { sort, dir: "desc", page: 1 });
      const second = await listTenantUsers(t.db, twinsId, { sort, dir: "desc", page: 2 });
      const seen = [...first.users, ...second.users].map((user) => user.id);
      expect(seen).toEqual(created.map((user) => user.id).sort());
    }
  });
});
