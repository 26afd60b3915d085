import { randomBytes } from "node:crypto";
import { eq } from "drizzle-orm";
import type { Database } from "@/db/client";
import { sessions } from "@/db/schema";
import type { Clock } from "@/lib/time/clock";

/**
 * Sessions are rows in Auth.js's session table; the cookie carries only the row's random token (32 bytes,
 * base64url), so it stays small and a deleted row ends the session at the very next request. Auth.js's `auth()`
 * reads and slides these rows; this file creates and ends them for the flows Auth.js does not own (password).
 */
export const SESSION_MAX_AGE_SECONDS = 7 * 24 * 60 * 60;
/** Auth.js extends a session's expiry at most this often, to avoid a write on every request. */
export const SESSION_UPDATE_AGE_SECONDS = 24 * 60 * 60;

export type NewSession = { sessionToken: string; expires: Date };

/** A new session's random token and its expiry. */
export function newSessionValues(now: Date): NewSession {
  return { sessionToken: randomBytes(32).toString("base64url"), expires: new Date(now.getTime() + SESSION_MAX_AGE_SECONDS * 1000) };
}

export async function createSession(
  db: Database,
  input: { userId: string; tenantId: string | null },
  clock: Clock,
): Promise<NewSession> {
  const { sessionToken, expires } = newSessionValues(clock.now());
  await db
    .insert(sessions)
    .values({ sessionToken, userId: input.userId, tenantId: input.tenantId, expires, signInMethod: "password", createdAt: clock.now() });
  return { sessionToken, expires };
}

export async function deleteSession(db: Database, sessionToken: string): Promise<{ userId: string; tenantId: string | null } | undefined> {
  const [row] = await db
    .delete(sessions)
    .where(eq(sessions.sessionToken, sessionToken))
    .returning({ userId: sessions.userId, tenantId: sessions.tenantId });
  return row;
}

export async function deleteSessionsOfUser(db: Database, userId: string): Promise<number> {
  const rows = await db.delete(sessions).where(eq(sessions.userId, userId)).returning({ t: sessions.sessionToken });
  return rows.length;
}
