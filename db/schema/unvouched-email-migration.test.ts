import { readFileSync } from "node:fs";
import { eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { withTestDatabase } from "@/db/testing/test-database";
import { accounts, passwordCredentials, sessions, users } from "./index";

/**
 * The data migration of existing rows (drizzle/0009_move_unvouched_emails.sql), run again over rows written the way
 * the old code wrote them: an address stays the user's e-mail only if something vouched for it.
 */
const t = withTestDatabase();
const MIGRATION = readFileSync(new URL("../../drizzle/0009_move_unvouched_emails.sql", import.meta.url), "utf8");

async function user(email: string, evidence: { password?: boolean; provider?: string; vouchedDomain?: string | null }) {
  const [row] = await t.db.insert(users).values({ name: email, email }).returning();
  if (evidence.password) await t.db.insert(passwordCredentials).values({ userId: row!.id, login: email, hash: "x" });
  if (evidence.provider) await t.db.insert(accounts).values({ userId: row!.id, type: "oidc", provider: evidence.provider, providerAccountId: `${evidence.provider}:${row!.id}` });
  if (evidence.vouchedDomain !== undefined)
    await t.db.insert(sessions).values({ sessionToken: crypto.randomUUID(), userId: row!.id, expires: new Date(Date.now() + 3_600_000), signInMethod: "microsoft", vouchedDomain: evidence.vouchedDomain });
  return row!.id;
}

describe("moving unvouched e-mail addresses to unverified_email", () => {
  it("keeps password, tenant SSO and Entra-vouched addresses, and moves the address a stranger directory asserted", async () => {
    const password = await user("pat@migrate.example", { password: true });
    const sso = await user("sue@migrate.example", { provider: "t-migrate" });
    const vouched = await user("vic@migrate.example", { provider: "microsoft-entra-id", vouchedDomain: "migrate.example" });
    const stranger = await user("megan@migrate.example", { provider: "microsoft-entra-id", vouchedDomain: null });

    await t.db.execute(sql.raw(MIGRATION));

    const state = async (id: string) => (await t.db.select({ email: users.email, unverified: users.unverifiedEmail }).from(users).where(eq(users.id, id)))[0];
    expect(await state(password)).toEqual({ email: "pat@migrate.example", unverified: null });
    expect(await state(sso)).toEqual({ email: "sue@migrate.example", unverified: null });
    expect(await state(vouched)).toEqual({ email: "vic@migrate.example", unverified: null });
    expect(await state(stranger)).toEqual({ email: null, unverified: "megan@migrate.example" });
  });
});
