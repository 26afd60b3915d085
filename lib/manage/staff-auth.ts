import NextAuth from "next-auth";
import { getDb } from "@/db/instance";
import { authJsLogger } from "@/lib/auth/authjs-logger";
import { authJsCookies, consoleCookieNames } from "@/lib/auth/cookie-names";
import { getSettings } from "@/lib/config/load-settings";
import { STAFF_AUTH_BASE_PATH } from "@/lib/signin/provider";
import { systemClock } from "@/lib/time/clock";
import { staffAdapter } from "./staff-adapter";
import { STAFF_SESSION_MAX_AGE_SECONDS, type SignedInStaff } from "./staff-sessions";

/**
 * Auth.js as the console's session layer — a second instance beside the tenant users' one, with its own secret
 * (MGMT_AUTH_SECRET), cookie names and staff tables, and an 8-hour session that is never extended. Staff sign in
 * through Gatehouse's own engine (lib/server/routes/staff-sign-in.ts), which writes the staff session row.
 */
export const { auth: staffAuth } = NextAuth(() => {
  const settings = getSettings();
  return {
    adapter: staffAdapter(getDb(), systemClock),
    secret: settings.mgmtAuthSecret,
    basePath: STAFF_AUTH_BASE_PATH,
    trustHost: true,
    session: { strategy: "database", maxAge: STAFF_SESSION_MAX_AGE_SECONDS, updateAge: STAFF_SESSION_MAX_AGE_SECONDS },
    cookies: authJsCookies(consoleCookieNames(settings.mgmtSecureCookies), settings.mgmtSecureCookies),
    providers: [],
    logger: authJsLogger,
    callbacks: {
      session({ session, user }) {
        return { ...session, gatehouseStaff: (user as unknown as { gatehouseStaff: SignedInStaff }).gatehouseStaff };
      },
    },
  };
});
