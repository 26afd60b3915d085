import { cookies } from "next/headers";
import { getSettings } from "@/lib/config/load-settings";
import { tenantCookieNames } from "@/lib/auth/cookie-names";
import type { NewSession } from "@/lib/auth/sessions";

/** Sets Auth.js's session cookie for a session row we created ourselves, with the options Auth.js itself uses. */
export async function setSessionCookie(session: NewSession): Promise<void> {
  const { secureCookies } = getSettings();
  (await cookies()).set(tenantCookieNames(secureCookies).sessionToken, session.sessionToken, {
    httpOnly: true,
    sameSite: "lax",
    path: "/",
    secure: secureCookies,
    expires: session.expires,
  });
}

export async function readSessionToken(): Promise<string | undefined> {
  return (await cookies()).get(tenantCookieNames(getSettings().secureCookies).sessionToken)?.value;
}

export async function clearSessionCookie(): Promise<void> {
  const { secureCookies } = getSettings();
  (await cookies()).set(tenantCookieNames(secureCookies).sessionToken, "", {
    httpOnly: true,
    sameSite: "lax",
    path: "/",
    secure: secureCookies,
    maxAge: 0,
  });
}
