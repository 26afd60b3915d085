import { and, eq, sql } from "drizzle-orm";
import type { Database } from "@/db/client";
import { passwordCredentials, sessions, tenantMemberships, tenants, users } from "@/db/schema";
import { sessionPassesPolicy, type AuthPolicy } from "./auth-policy";
import { preparedPerDatabase } from "@/db/prepared-per-database";

export type SessionTenant = { id: string; key: string; name: string; role: "admin" | "member" };

/** What a request knows about who is signed in. */
export type SignedInUser = {
  id: string;
  name: string | null;
  email: string | null;
  login: string | null;
  tenant: SessionTenant | null;
  mustChangePassword: boolean;
};

/**
 * The query, prepared once per database handle: building it with Drizzle on every request cost several times the
 * round trip itself (measured: about 0.4 ms of CPU against 0.05 ms prepared).
 */
function prepareSessionLookup(db: Database) {
  return db
    .select({
      session: { sessionToken: sessions.sessionToken, userId: sessions.userId, expires: sessions.expires },
      method: sessions.signInMethod,
      vouchedDomain: sessions.vouchedDomain,
      user: { id: users.id, name: users.name, email: users.email, emailVerified: users.emailVerified, image: users.image },
      login: passwordCredentials.login,
      mustChange: passwordCredentials.mustChange,
      tenantId: tenants.id,
      tenantKey: tenants.key,
      tenantName: tenants.name,
      tenantStatus: tenants.status,
      role: tenantMemberships.role,
    })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .leftJoin(tenantMemberships, and(eq(tenantMemberships.userId, sessions.userId), eq(tenantMemberships.tenantId, sessions.tenantId)))
    .leftJoin(tenants, eq(tenants.id, tenantMemberships.tenantId))
    .leftJoin(passwordCredentials, eq(passwordCredentials.userId, sessions.userId))
    .where(eq(sessions.sessionToken, sql.placeholder("sessionToken")))
    .prepare("session_and_user");
}

const lookups = preparedPerDatabase(prepareSessionLookup);

/**
 * The session row, its user, the user's role in the session's tenant and whether a password change is pending, in
 * one round trip: this runs on every authenticated request (it replaces the adapter's getSessionAndUser).
 * A membership that was removed, or a tenant that was disabled, simply leaves `tenant` empty. A session that the
 * AUTH_POLICY in force no longer allows (it was made under a laxer one) is deleted and reads as no session.
 */
export async function loadSessionAndUser(db: Database, sessionToken: string, policy: AuthPolicy, now?: Date) {
  const lookup = lookups(db);
  const [row] = await lookup.execute({ sessionToken });
  if (!row) return null;
  // Auth.js checks expiry itself; a caller without Auth.js (GET /api/v1/me) passes the time.
  if (now && row.session.expires <= now) return null;
  if (!sessionPassesPolicy(policy, { method: row.method, vouchedDomain: row.vouchedDomain, login: row.login })) {
    await db.delete(sessions).where(eq(sessions.sessionToken, sessionToken));
    return null;
  }
  const signedIn: SignedInUser = {
    id: row.user.id,
    name: row.user.name,
    email: row.user.email,
    login: row.login,
    tenant:
      row.tenantId && row.role && row.tenantStatus === "active"
        ? { id: row.tenantId, key: row.tenantKey!, name: row.tenantName!, role: row.role }
        : null,
    mustChangePassword: row.mustChange ?? false,
  };
  // Auth.js wants an AdapterUser with a string e-mail; the break-glass admin has none.
  return { session: row.session, user: { ...row.user, email: row.user.email ?? "", gatehouse: signedIn } };
}
