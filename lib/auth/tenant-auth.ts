import { DrizzleAdapter } from "@auth/drizzle-adapter";
import NextAuth, { type NextAuthConfig } from "next-auth";
import type { Adapter } from "next-auth/adapters";
import { accounts, sessions, users, verificationTokens } from "@/db/schema";
import { getDb } from "@/db/instance";
import { getSettings } from "@/lib/config/load-settings";
import { authJsCookies, tenantCookieNames } from "./cookie-names";
import { loadSessionAndUser, type SignedInUser } from "./session-lookup";
import { SESSION_MAX_AGE_SECONDS, SESSION_UPDATE_AGE_SECONDS } from "./sessions";

export const TENANT_AUTH_BASE_PATH = "/api/v1/auth";

/**
 * The tenant-user Auth.js instance: database sessions through the Drizzle adapter, basePath /api/v1/auth, our own
 * cookie names and secret. Built lazily (per call) because settings and the database exist only once the server
 * has started, not while Next.js builds.
 */
function tenantAuthConfig(): NextAuthConfig {
  const settings = getSettings();
  const db = getDb();
  const base = DrizzleAdapter(db, {
    usersTable: users,
    accountsTable: accounts,
    sessionsTable: sessions,
    verificationTokensTable: verificationTokens,
  } as never);
  const adapter: Adapter = { ...base, getSessionAndUser: (token) => loadSessionAndUser(db, token) };
  return {
    adapter,
    secret: settings.authSecret,
    basePath: TENANT_AUTH_BASE_PATH,
    trustHost: true,
    session: { strategy: "database", maxAge: SESSION_MAX_AGE_SECONDS, updateAge: SESSION_UPDATE_AGE_SECONDS },
    cookies: authJsCookies(tenantCookieNames(settings.secureCookies), settings.secureCookies),
    providers: [],
    pages: { signIn: "/login", error: "/error" },
    callbacks: {
      session({ session, user }) {
        const gatehouse = (user as unknown as { gatehouse: SignedInUser }).gatehouse;
        return { ...session, gatehouse };
      },
    },
  };
}

export const { handlers: tenantAuthHandlers, auth: tenantAuth } = NextAuth(() => tenantAuthConfig());
