import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { accounts, users } from "@/db/schema";
import { withTestDatabase } from "@/db/testing/test-database";
import { linkIdentity, ownerOfIdentity } from "./identity-link";

const t = withTestDatabase();
const identity = { provider: "microsoft-entra-id", providerAccountId: "b60cdc97-b012-48e0-a200-deb84a977f9a:2e954c63-f583-494f-b8d7-1aafe52fdf7f" };

describe("two first sign-ins of one identity at once", () => {
  it("end as one user: the second link writes nothing, and the user the loser created is removed", async () => {
    const [winner] = await t.db.insert(users).values({ name: "Megan" }).returning();
    const [loser] = await t.db.insert(users).values({ name: "Megan" }).returning();
    await linkIdentity(t.db, { userId: winner!.id, type: "oidc", ...identity });
    await linkIdentity(t.db, { userId: loser!.id, type: "oidc", ...identity });
    expect(await ownerOfIdentity(t.db, identity, loser!.id)).toBe(winner!.id);
    expect(await t.db.select().from(users).where(eq(users.id, loser!.id))).toHaveLength(0);
    expect((await t.db.select().from(accounts)).map((a) => a.userId)).toEqual([winner!.id]);
  });

  it("leave the owner alone when the sign-in is the owner's own", async () => {
    const [owner] = await t.db.insert(users).values({ name: "Adele" }).returning();
    const own = { provider: "t-northwind", providerAccountId: "x:y" };
    await linkIdentity(t.db, { userId: owner!.id, type: "oidc", ...own });
    expect(await ownerOfIdentity(t.db, own, owner!.id)).toBe(owner!.id);
  });
});
