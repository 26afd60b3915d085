import { and, desc, eq, gt } from "drizzle-orm";
import type { Database } from "@/db/client";
import { accounts, passwordCredentials, sessions, users } from "@/db/schema";
import type { Clock } from "@/lib/time/clock";

/** How a person can sign in: a Gatehouse password, the platform Microsoft app, a workspace's own SSO. */
export type AccountSignInMethod = { kind: "password"; login: string } | { kind: "microsoft" } | { kind: "sso"; provider: string };

export type AccountSession = { current: boolean; signInMethod: "password" | "microsoft" | "tenant_sso" | null; createdAt: Date; expires: Date };

export type AccountOverview = {
  name: string | null;
  email: string | null;
  methods: AccountSignInMethod[];
  sessions: AccountSession[];
};

/**
 * What `/account` shows a signed-in person about themselves: who they are, how they can sign in, and their active
 * sessions (newest first), the one they are using marked. Session tokens never leave this function.
 */
export async function loadAccountOverview(db: Database, input: { userId: string; sessionToken: string | undefined }, clock: Clock): Promise<AccountOverview | undefined> {
  const [user] = await db.select({ name: users.name, email: users.email }).from(users).where(eq(users.id, input.userId));
  if (!user) return undefined;
  const [credential] = await db.select({ login: passwordCredentials.login }).from(passwordCredentials).where(eq(passwordCredentials.userId, input.userId));
  const linked = await db.select({ provider: accounts.provider }).from(accounts).where(eq(accounts.userId, input.userId));
  const rows = await db
    .select({ token: sessions.sessionToken, signInMethod: sessions.signInMethod, createdAt: sessions.createdAt, expires: sessions.expires })
    .from(sessions)
    .where(and(eq(sessions.userId, input.userId), gt(sessions.expires, clock.now())))
    .orderBy(desc(sessions.createdAt));
  const methods: AccountSignInMethod[] = [
    ...(credential ? [{ kind: "password" as const, login: credential.login }] : []),
    ...(linked.some((a) => a.provider === "microsoft-entra-id") ? [{ kind: "microsoft" as const }] : []),
    ...linked.filter((a) => a.provider.startsWith("t-")).map((a) => ({ kind: "sso" as const, provider: a.provider })),
  ];
  return {
    name: user.name,
    email: user.email,
    methods,
    sessions: rows.map((r) => ({ current: r.token === input.sessionToken, signInMethod: r.signInMethod, createdAt: r.createdAt, expires: r.expires })),
  };
}
