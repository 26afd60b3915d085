import type { NextRequest } from "next/server";
import { getDb } from "@/db/instance";
import { recordAuditEvent } from "@/lib/audit/record-audit-event";
import { tenantCookieNames } from "@/lib/auth/cookie-names";
import { PLATFORM_MICROSOFT_PROVIDER_ID } from "@/lib/auth/platform-microsoft-sign-in";
import { tenantKeyOfProvider } from "@/lib/auth/tenant-sso-provider";
import { signOut } from "@/lib/auth/sign-out";
import { TENANT_AUTH_BASE_PATH, tenantAuthHandlers } from "@/lib/auth/tenant-auth";
import { getSettings } from "@/lib/config/load-settings";
import { parseEntraError } from "@/lib/entra/entra-error";
import { watchIdpReachability } from "@/lib/oidc/idp-outage";
import { CLIENT_IP_HEADER } from "@/lib/server/client-ip-header";
import { systemClock } from "@/lib/time/clock";
import { callbackParams, hasSignInChecks, onPublicOrigin, redirectClearingChecks, withoutCookie } from "./callback-request";

/**
 * Everything under /api/v1/auth goes through here before Auth.js. At an OIDC callback it answers three cases
 * itself, before Auth.js can write anything:
 *  - Entra sent an error instead of a code: show its meaning, code, trace and correlation ids;
 *  - the in-flight state cookie is gone (expired or deleted): "Microsoft sign-in session expired";
 *  - someone is already signed in: that session ends first, so Auth.js never attaches the new identity to them.
 * And one after Auth.js ran: when the identity provider could not be reached (its token endpoint is down), the user
 * sees "Microsoft is unreachable, try again" rather than Auth.js's generic configuration error.
 */
export async function handleTenantAuthRequest(request: NextRequest): Promise<Response> {
  const providerId = request.nextUrl.pathname.slice(TENANT_AUTH_BASE_PATH.length).match(/^\/callback\/([^/]+)$/)?.[1];
  if (!providerId || (providerId !== PLATFORM_MICROSOFT_PROVIDER_ID && !tenantKeyOfProvider(providerId))) return delegate(request);
  const auditKind = providerId === PLATFORM_MICROSOFT_PROVIDER_ID ? "sign_in.microsoft" : "sign_in.tenant_sso";
  const retry = providerId === PLATFORM_MICROSOFT_PROVIDER_ID ? "/api/v1/auth/microsoft/login" : `/api/v1/auth/sso/${tenantKeyOfProvider(providerId)}/login`;

  const db = getDb();
  const { secureCookies } = getSettings();
  const names = tenantCookieNames(secureCookies);
  const clientIp = request.headers.get(CLIENT_IP_HEADER) ?? "unknown";
  const params = await callbackParams(request);

  const entraError = parseEntraError(params);
  if (entraError) {
    const reference = await recordAuditEvent(
      db,
      { kind: auditKind, outcome: "failure", actor: { type: "anonymous" }, clientIp, detail: { reason: "entra_error", provider: providerId, ...entraError } },
      systemClock,
    );
    const target = new URL("/error", request.nextUrl.origin);
    target.search = new URLSearchParams({
      code: "entra_error",
      error: entraError.error,
      ...(entraError.code ? { aadsts: entraError.code } : {}),
      ...(entraError.traceId ? { trace: entraError.traceId } : {}),
      ...(entraError.correlationId ? { correlation: entraError.correlationId } : {}),
      ref: reference,
      retry,
    }).toString();
    return redirectClearingChecks(errorUrl(target), names);
  }

  if (!hasSignInChecks(request, names)) {
    const reference = await recordAuditEvent(
      db,
      { kind: auditKind, outcome: "failure", actor: { type: "anonymous" }, clientIp, detail: { reason: "state_missing", provider: providerId } },
      systemClock,
    );
    return redirectClearingChecks(errorUrl(new URL(`/error?code=microsoft_session_expired&ref=${reference}&retry=${encodeURIComponent(retry)}`, request.nextUrl.origin)), names);
  }

  const current = request.cookies.get(names.sessionToken)?.value;
  let callback = request;
  if (current) {
    await signOut(db, { sessionToken: current, clientIp }, systemClock);
    callback = await withoutCookie(request, names.sessionToken);
  }

  const { outcome, unreachable } = await watchIdpReachability(() => delegate(callback));
  if (!unreachable) {
    if (outcome.status === "rejected") throw outcome.reason;
    return outcome.value;
  }
  const reference = await recordAuditEvent(
    db,
    { kind: auditKind, outcome: "failure", actor: { type: "anonymous" }, clientIp, detail: { reason: "idp_unreachable", provider: providerId, idp: unreachable } },
    systemClock,
  );
  return redirectClearingChecks(errorUrl(new URL(`/error?code=idp_unreachable&ref=${reference}&retry=${encodeURIComponent(retry)}`, request.nextUrl.origin)), names);
}

async function delegate(incoming: NextRequest): Promise<Response> {
  const request = await onPublicOrigin(incoming, getSettings().apiPublicUrl);
  return request.method === "POST" ? tenantAuthHandlers.POST(request) : tenantAuthHandlers.GET(request);
}

/** Error pages live on the public origin, whatever host the request came in on. */
function errorUrl(url: URL): string {
  const publicOrigin = getSettings().apiPublicUrl;
  return `${publicOrigin}${url.pathname}${url.search}`;
}
