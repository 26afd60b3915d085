import { DrizzleAdapter } from "@auth/drizzle-adapter";
import NextAuth, { type NextAuthConfig } from "next-auth";
import type { Adapter, AdapterUser } from "next-auth/adapters";
import type { Provider } from "next-auth/providers";
import { accounts, sessions, users, verificationTokens } from "@/db/schema";
import { getDb } from "@/db/instance";
import { recordAuditEvent } from "@/lib/audit/record-audit-event";
import { getSettings } from "@/lib/config/load-settings";
import { CLIENT_IP_HEADER } from "@/lib/server/client-ip-header";
import { findWorkspaceForIdentity, joinAsMember } from "@/lib/tenancy/platform-membership";
import { systemClock } from "@/lib/time/clock";
import { authJsCookies, tenantCookieNames } from "./cookie-names";
import { authJsLogger } from "./authjs-logger";
import type { OidcIdentity } from "./oidc-identity";
import { completeOidcSignIn, createOidcUser, type WorkspaceRule } from "./oidc-sign-in-completion";
import { platformMicrosoftProvider } from "./platform-microsoft-provider";
import { PLATFORM_MICROSOFT_PROVIDER_ID, decidePlatformMicrosoftSignIn } from "./platform-microsoft-sign-in";
import { loadSessionAndUser, type SignedInUser } from "./session-lookup";
import { SESSION_MAX_AGE_SECONDS, SESSION_UPDATE_AGE_SECONDS } from "./sessions";

export const TENANT_AUTH_BASE_PATH = "/api/v1/auth";

const platformWorkspace: WorkspaceRule = async (db, userId, identity) => {
  const tenantId = await findWorkspaceForIdentity(db, identity);
  return { tenantId, joined: tenantId ? await joinAsMember(db, userId, tenantId) : false };
};

/**
 * The tenant-user Auth.js instance: database sessions through the Drizzle adapter, basePath /api/v1/auth, our own
 * cookie names and secret. The config is built per request (Auth.js calls this factory for every handler call), so
 * the identity accepted in `callbacks.signIn` can be handed to the adapter writes of the same request.
 */
function tenantAuthConfig(request: Request | undefined): NextAuthConfig {
  const settings = getSettings();
  const db = getDb();
  const clientIp = request?.headers.get(CLIENT_IP_HEADER) ?? "unknown";
  let accepted: OidcIdentity | undefined;

  const base = DrizzleAdapter(db, {
    usersTable: users,
    accountsTable: accounts,
    sessionsTable: sessions,
    verificationTokensTable: verificationTokens,
  } as never);
  const adapter: Adapter = {
    ...base,
    getSessionAndUser: (token) => loadSessionAndUser(db, token),
    // Accounts are never found or linked by e-mail: an address proves nothing about who signs in (nOAuth).
    getUserByEmail: async () => null,
    async createUser() {
      if (!accepted) throw new Error("createUser outside an accepted sign-in");
      return (await createOidcUser(db, accepted, systemClock)) as AdapterUser;
    },
    async createSession({ sessionToken, userId, expires }) {
      if (!accepted) throw new Error("createSession outside an accepted sign-in");
      return completeOidcSignIn(
        db,
        { sessionToken, userId, expires, identity: accepted, clientIp, auditKind: "sign_in.microsoft" },
        platformWorkspace,
        systemClock,
      );
    },
  };

  const providers: Provider[] = settings.platformMicrosoft ? [platformMicrosoftProvider(settings)] : [];
  const allowedOrigins = new Set([settings.apiPublicUrl, settings.appBaseUrl]);

  return {
    adapter,
    secret: settings.authSecret,
    basePath: TENANT_AUTH_BASE_PATH,
    trustHost: true,
    session: { strategy: "database", maxAge: SESSION_MAX_AGE_SECONDS, updateAge: SESSION_UPDATE_AGE_SECONDS },
    cookies: authJsCookies(tenantCookieNames(settings.secureCookies), settings.secureCookies),
    providers,
    pages: { signIn: "/login", error: "/error" },
    logger: authJsLogger,
    callbacks: {
      async signIn({ account, profile }) {
        if (account?.provider !== PLATFORM_MICROSOFT_PROVIDER_ID || !profile) return false;
        const decision = decidePlatformMicrosoftSignIn(profile as Record<string, unknown>, {
          authorityHost: settings.msAuthorityHost,
          allowPersonalAccounts: settings.msAllowPersonalAccounts,
        });
        if (!decision.ok) {
          const reference = await recordAuditEvent(
            db,
            {
              kind: "sign_in.microsoft",
              outcome: "failure",
              actor: { type: "anonymous", label: typeof profile.oid === "string" ? `${decision.tid}:${profile.oid}` : null },
              clientIp,
              detail: { reason: decision.reason, tid: decision.tid },
            },
            systemClock,
          );
          return `/error?code=${decision.reason}&ref=${reference}`;
        }
        accepted = decision.identity;
        return true;
      },
      redirect({ url, baseUrl }) {
        const target = new URL(url, baseUrl);
        return allowedOrigins.has(target.origin) ? target.toString() : `${settings.appBaseUrl}/auth/callback`;
      },
      session({ session, user }) {
        const gatehouse = (user as unknown as { gatehouse: SignedInUser }).gatehouse;
        return { ...session, gatehouse };
      },
    },
  };
}

export const {
  handlers: tenantAuthHandlers,
  auth: tenantAuth,
  signIn: tenantSignIn,
} = NextAuth((request) => tenantAuthConfig(request));
