import { describe, expect, it } from "vitest";
import { users } from "@/db/schema";
import { withTestDatabase } from "@/db/testing/test-database";
import { frozenClock } from "@/lib/time/clock";
import { createSession } from "./sessions";
import { signOut } from "./sign-out";

const t = withTestDatabase();
const clock = frozenClock("2026-03-01T10:00:00Z");

describe("signOut", () => {
  it("ends the session whose token the cookie carries", async () => {
    const [user] = await t.db.insert(users).values({ id: crypto.randomUUID(), name: "Ann" }).returning({ id: users.id });
    const session = await createSession(t.db, { userId: user!.id, tenantId: null }, clock);
    await signOut(t.db, { sessionToken: session.sessionToken, clientIp: "203.0.113.9" }, clock);
    expect(await t.db.query.sessions.findFirst({ where: (s, { eq }) => eq(s.sessionToken, session.sessionToken) })).toBeUndefined();
  });

  it("does nothing, and does not fail, for a forged token carrying NUL, which no row can hold", async () => {
    await expect(signOut(t.db, { sessionToken: "abc\u0000def", clientIp: "203.0.113.9" }, clock)).resolves.toBeUndefined();
  });
});
