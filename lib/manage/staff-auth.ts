import NextAuth, { customFetch, type NextAuthConfig } from "next-auth";
import MicrosoftEntraID from "next-auth/providers/microsoft-entra-id";
import { getDb } from "@/db/instance";
import { recordAuditEvent } from "@/lib/audit/record-audit-event";
import { authJsLogger } from "@/lib/auth/authjs-logger";
import { authJsCookies, consoleCookieNames } from "@/lib/auth/cookie-names";
import { getSettings } from "@/lib/config/load-settings";
import { idpFetch } from "@/lib/oidc/idp-fetch";
import { CLIENT_IP_HEADER } from "@/lib/server/client-ip-header";
import { systemClock } from "@/lib/time/clock";
import { staffAdapter } from "./staff-adapter";
import { STAFF_SESSION_MAX_AGE_SECONDS, type SignedInStaff } from "./staff-sessions";
import { STAFF_PROVIDER_ID, decideStaffSignIn, type StaffIdentity } from "./staff-sign-in";

export const STAFF_AUTH_BASE_PATH = "/api/v1/manage/auth";

/**
 * The management console's Auth.js instance — a second, separate instance beside the tenant users' one: its own
 * single-tenant Entra app (never /common), provider id `staff-entra`, basePath, secret (MGMT_AUTH_SECRET), cookie
 * names, tables and an 8-hour session that is never extended. Built per request, like the tenant instance, so the
 * identity accepted in `signIn` reaches the adapter writes of the same request.
 */
export function staffAuthConfig(request: Request | undefined): NextAuthConfig {
  const settings = getSettings();
  const db = getDb();
  const clientIp = request?.headers.get(CLIENT_IP_HEADER) ?? "unknown";
  const app = settings.mgmtMicrosoft;
  let accepted: StaffIdentity | undefined;

  return {
    adapter: staffAdapter(db, systemClock, { accepted: () => accepted, clientIp }),
    secret: settings.mgmtAuthSecret,
    basePath: STAFF_AUTH_BASE_PATH,
    trustHost: true,
    session: { strategy: "database", maxAge: STAFF_SESSION_MAX_AGE_SECONDS, updateAge: STAFF_SESSION_MAX_AGE_SECONDS },
    cookies: authJsCookies(consoleCookieNames(settings.mgmtSecureCookies), settings.mgmtSecureCookies),
    providers: app ? [staffEntraProvider(app, settings.msAuthorityHost)] : [],
    pages: { signIn: "/manage/sign-in", error: "/manage/sign-in" },
    logger: authJsLogger,
    callbacks: {
      async signIn({ account, profile }) {
        if (!app || account?.provider !== STAFF_PROVIDER_ID || !profile) return false;
        const decision = decideStaffSignIn(profile as Record<string, unknown>, { operatorTenantId: app.tenantId, authorityHost: settings.msAuthorityHost });
        if (!decision.ok) {
          const label = typeof profile.preferred_username === "string" ? profile.preferred_username : null;
          const reference = await recordAuditEvent(
            db,
            {
              kind: "staff.sign_in",
              outcome: "failure",
              actor: { type: "anonymous", label },
              clientIp,
              detail: { reason: decision.reason, tid: typeof profile.tid === "string" ? profile.tid : null },
            },
            systemClock,
          );
          return `${settings.mgmtPublicUrl}/manage/sign-in?error=${decision.reason}&ref=${reference}`;
        }
        accepted = decision.identity;
        return true;
      },
      redirect({ url, baseUrl }) {
        const target = new URL(url, baseUrl);
        return target.origin === settings.mgmtPublicUrl ? target.toString() : `${settings.mgmtPublicUrl}/manage`;
      },
      session({ session, user }) {
        return { ...session, gatehouseStaff: (user as unknown as { gatehouseStaff: SignedInStaff }).gatehouseStaff };
      },
    },
  };
}

/** The console's single-tenant app; calls to Entra go through idpFetch (discovery cached across sign-ins). */
function staffEntraProvider(app: { clientId: string; clientSecret: string; tenantId: string }, authorityHost: string) {
  const issuer = `${authorityHost}/${app.tenantId}/v2.0`;
  const provider = MicrosoftEntraID({
    id: STAFF_PROVIDER_ID,
    name: "Microsoft Entra ID (staff)",
    clientId: app.clientId,
    clientSecret: app.clientSecret,
    issuer,
    authorization: { params: { scope: "openid profile email", prompt: "select_account" } },
    checks: ["pkce", "state", "nonce"],
    profile: (claims) => ({ id: `${claims.tid}:${claims.oid}`, name: claims.name ?? null, email: null }),
    account: () => ({}),
    allowDangerousEmailAccountLinking: false,
  });
  provider[customFetch] = idpFetch(provider[customFetch], issuer);
  return provider;
}

export const { handlers: staffAuthHandlers, auth: staffAuth, signIn: staffSignIn } = NextAuth((request) => staffAuthConfig(request));
