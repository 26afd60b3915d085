import type { NextRequest } from "next/server";
import { getDb } from "@/db/instance";
import { recordAuditEvent } from "@/lib/audit/record-audit-event";
import { consoleCookieNames } from "@/lib/auth/cookie-names";
import { getSettings } from "@/lib/config/load-settings";
import { parseEntraError } from "@/lib/entra/entra-error";
import { STAFF_AUTH_BASE_PATH, staffAuthHandlers } from "@/lib/manage/staff-auth";
import { deleteStaffSession } from "@/lib/manage/staff-sessions";
import { watchIdpReachability } from "@/lib/oidc/idp-outage";
import { STAFF_PROVIDER_ID } from "@/lib/manage/staff-sign-in";
import { CLIENT_IP_HEADER } from "@/lib/server/client-ip-header";
import { systemClock } from "@/lib/time/clock";
import { callbackParams, hasSignInChecks, onPublicOrigin, redirectClearingChecks, withoutCookie } from "./callback-request";

/**
 * Everything under /api/v1/manage/auth goes through here before the console's Auth.js instance. At the callback:
 * an Entra error or a lost state cookie is answered on the console's sign-in page, and a staff session already
 * present is ended first, so a sign-in never attaches one staff identity to another staff member; an unreachable
 * Entra token endpoint says "Microsoft is unreachable, try again" rather than a configuration error.
 */
export async function handleStaffAuthRequest(request: NextRequest): Promise<Response> {
  if (request.nextUrl.pathname !== `${STAFF_AUTH_BASE_PATH}/callback/${STAFF_PROVIDER_ID}`) return delegate(request);
  const db = getDb();
  const settings = getSettings();
  const names = consoleCookieNames(settings.mgmtSecureCookies);
  const clientIp = request.headers.get(CLIENT_IP_HEADER) ?? "unknown";
  const refuse = async (reason: string, detail: Record<string, unknown>) => {
    const reference = await recordAuditEvent(db, { kind: "staff.sign_in", outcome: "failure", actor: { type: "anonymous" }, clientIp, detail: { reason, ...detail } }, systemClock);
    const target = new URL("/manage/sign-in", settings.mgmtPublicUrl);
    target.search = new URLSearchParams({ error: reason, ref: reference, ...(typeof detail.code === "string" ? { aadsts: detail.code } : {}) }).toString();
    return redirectClearingChecks(target.toString(), names);
  };

  const entraError = parseEntraError(await callbackParams(request));
  if (entraError) return refuse("entra_error", { ...entraError });
  if (!hasSignInChecks(request, names)) return refuse("microsoft_session_expired", {});

  const current = request.cookies.get(names.sessionToken)?.value;
  if (current) await deleteStaffSession(db, current);
  const callback = current ? await withoutCookie(request, names.sessionToken) : request;
  const { outcome, unreachable } = await watchIdpReachability(() => delegate(callback));
  if (unreachable) return refuse("idp_unreachable", { idp: unreachable });
  if (outcome.status === "rejected") throw outcome.reason;
  return outcome.value;
}

async function delegate(incoming: NextRequest): Promise<Response> {
  const request = await onPublicOrigin(incoming, getSettings().mgmtPublicUrl);
  return request.method === "POST" ? staffAuthHandlers.POST(request) : staffAuthHandlers.GET(request);
}
