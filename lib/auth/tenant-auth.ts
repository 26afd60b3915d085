import { DrizzleAdapter } from "@auth/drizzle-adapter";
import NextAuth from "next-auth";
import type { Adapter } from "next-auth/adapters";
import { accounts, sessions, users, verificationTokens } from "@/db/schema";
import { getDb } from "@/db/instance";
import { getSettings } from "@/lib/config/load-settings";
import { reportingDatabaseFailure } from "@/lib/health/database-failure";
import { TENANT_AUTH_BASE_PATH } from "@/lib/signin/provider";
import { authJsCookies, tenantCookieNames } from "./cookie-names";
import { authJsLogger } from "./authjs-logger";
import { authPolicyOf } from "./auth-policy";
import { loadSessionAndUser, type SignedInUser } from "./session-lookup";
import { SESSION_MAX_AGE_SECONDS, SESSION_UPDATE_AGE_SECONDS } from "./sessions";

/**
 * Auth.js as the tenant users' session layer: its tables, the opaque database-session cookie, and `auth()` for
 * pages and server actions (which reads the row in one query and slides its expiry). Auth.js does not drive any
 * sign-in: the OIDC legs are Gatehouse's own engine (lib/signin), and passwords write sessions themselves; both
 * write rows Auth.js reads.
 */
function tenantAdapter(): Adapter {
  const settings = getSettings();
  const db = getDb();
  const base = DrizzleAdapter(db, { usersTable: users, accountsTable: accounts, sessionsTable: sessions, verificationTokensTable: verificationTokens } as never);
  const policy = authPolicyOf(settings);
  return {
    ...base,
    // Auth.js reads a failed lookup as "no session"; the watch is told at once, so the next request gets the 503.
    getSessionAndUser: (token) => loadSessionAndUser(db, token, policy).catch(reportingDatabaseFailure),
    getUserByEmail: async () => null,
  };
}

export const { auth: tenantAuth } = NextAuth(() => {
  const settings = getSettings();
  return {
    adapter: tenantAdapter(),
    secret: settings.authSecret,
    basePath: TENANT_AUTH_BASE_PATH,
    trustHost: true,
    session: { strategy: "database", maxAge: SESSION_MAX_AGE_SECONDS, updateAge: SESSION_UPDATE_AGE_SECONDS },
    cookies: authJsCookies(tenantCookieNames(settings.secureCookies), settings.secureCookies),
    providers: [],
    logger: authJsLogger,
    callbacks: {
      session({ session, user }) {
        return { ...session, gatehouse: (user as unknown as { gatehouse: SignedInUser }).gatehouse };
      },
    },
  };
});
