"use server";

import { redirect } from "next/navigation";
import { getDb } from "@/db/instance";
import { normalizeLoginIdentifier } from "@/lib/auth/login-identifier";
import { findSsoRouteForEmail } from "@/lib/domains/tenant-domains";
import { authPolicyOf, passwordAllowedFor } from "@/lib/auth/auth-policy";
import { signInWithPassword } from "@/lib/auth/password-sign-in";
import { getSettings } from "@/lib/config/load-settings";
import { isInteractionReturnPath } from "@/lib/oauth/paths";
import { messageFor, removedMessage, throttledMessage } from "@/lib/errors/user-messages";
import { isDatabaseUnavailable, reportDatabaseFailure } from "@/lib/health/database-failure";
import { systemClock } from "@/lib/time/clock";
import { getClientIp } from "@/lib/web/client-ip";
import { setSessionCookie } from "@/lib/web/session-cookie";

export type LoginState = {
  step: "identify" | "password" | "sso" | "microsoft";
  login: string;
  error?: string;
  reference?: string;
  sso?: { tenantKey: string; tenantName: string; idpName: string };
};

/**
 * The /login form: first the e-mail (home-realm discovery will route from here), then the password.
 * Server actions are CSRF-protected by Next.js (the Origin must match the host).
 */
export async function loginAction(_previous: LoginState, form: FormData): Promise<LoginState> {
  const intent = form.get("intent");
  const typed = String(form.get("login") ?? "").slice(0, 1000);

  if (intent === "restart") return { step: "identify", login: typed };

  const login = normalizeLoginIdentifier(typed);
  if (!login) return { step: "identify", login: typed, error: messageFor("invalid_login") };
  const step = intent === "password" ? "password" : "identify";
  try {
    return await decide(intent, login, form);
  } catch (error) {
    // The database went away under this request (the server answers 503 by itself once its watch knows): the
    // person gets the contract's message on the form they sent, never a bare 500, and the watch looks at once.
    if (!isDatabaseUnavailable(error)) throw error;
    reportDatabaseFailure();
    return { step, login, error: messageFor("database_unavailable") };
  }
}

/** The database work of one submission; a successful sign-in ends in a redirect (thrown, outside the catch above). */
async function decide(intent: FormDataEntryValue | null, login: string, form: FormData): Promise<LoginState> {
  if (intent !== "password") {
    // Home-realm discovery: an address on a verified domain of a tenant with SSO goes to that tenant's IdP.
    const route = login.includes("@") ? await findSsoRouteForEmail(getDb(), login) : undefined;
    if (route) return { step: "sso", login, sso: { tenantKey: route.tenantKey, tenantName: route.tenantName, idpName: route.idpName } };
    // AUTH_POLICY=restricted: no password form for anyone but the break-glass admin (and it is refused server side).
    return passwordAllowedFor(authPolicyOf(getSettings()), login) ? { step: "password", login } : { step: "microsoft", login };
  }

  const result = await signInWithPassword(getDb(), { login, password: form.get("password"), clientIp: await getClientIp() }, authPolicyOf(getSettings()), systemClock);
  if (!result.ok) {
    const error =
      result.code === "throttled"
        ? throttledMessage(result.lockedUntil, systemClock.now())
        : result.code === "removed"
          ? removedMessage(result.workspace.name)
          : messageFor(result.code);
    return { step: "password", login, error, reference: result.reference };
  }
  await setSessionCookie(result.session);
  const returnTo = String(form.get("return_to") ?? "");
  redirect(result.mustChangePassword ? "/change-password" : isInteractionReturnPath(returnTo) ? returnTo : `${getSettings().appBaseUrl}/auth/callback`);
}
