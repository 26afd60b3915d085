import { consoleCookieNames } from "@/lib/auth/cookie-names";
import { messageFor } from "@/lib/errors/user-messages";
import { deleteStaffSession } from "@/lib/manage/staff-sessions";
import { decideStaffSignIn } from "@/lib/manage/staff-sign-in";
import { startSignIn, verifyCallback } from "@/lib/signin/engine";
import { FLOW_LIFETIME_SECONDS } from "@/lib/signin/flow-cookie";
import { STAFF_PROVIDER_ID, staffProvider } from "@/lib/signin/provider";
import { auditFactsOf, describeRefusal, messageCodeOf, type SignInRefusal } from "@/lib/signin/refusal";
import { writeStaffSignIn } from "@/lib/signin/write-staff-sign-in";
import { deleteCookie, jsonAnswer, redirectTo, setCookie, type Answer, type Exchange } from "../http-exchange";
import { callbackParams } from "./callback-params";
import { auditRefusal, type RouteContext } from "./route-context";

/**
 * The console's staff sign-in through the operator's own single-tenant Entra app (`staff-entra`), answered by the
 * Node server before Next.js:
 *   GET      /api/v1/manage/sign-in                          start
 *   GET|POST /api/v1/manage/auth/callback/staff-entra        Entra's answer
 * Refusals land on the console's sign-in page with the reason's sentence and the audit reference.
 */

export async function startStaffSignIn(context: RouteContext, exchange: Exchange): Promise<Answer> {
  const { settings } = context;
  const provider = staffProvider(settings);
  if (!provider) return jsonAnswer(404, { error: "console_not_configured", message: messageFor("console_not_configured") });
  const started = await startSignIn(context.staffSignIn, provider, { returnTo: `${settings.mgmtPublicUrl}/manage` });
  if (!started.ok) {
    const reference = await auditRefusal(context, { kind: "staff.sign_in", actor: { type: "anonymous" }, clientIp: exchange.clientIp, detail: { reason: started.refusal.reason } });
    console.error(describeRefusal(provider.id, started.refusal, reference));
    return redirectTo(signInPage(context, { error: messageCodeOf(started.refusal), ref: reference }));
  }
  const names = consoleCookieNames(settings.mgmtSecureCookies);
  return redirectTo(started.location, [setCookie(names.state, started.flowCookie, { secure: settings.mgmtSecureCookies, maxAgeSeconds: FLOW_LIFETIME_SECONDS })], 307);
}

export async function staffSignInCallback(context: RouteContext, exchange: Exchange): Promise<Answer> {
  const { settings, db, clock } = context;
  const provider = staffProvider(settings);
  if (!provider) return jsonAnswer(404, { error: "console_not_configured", message: messageFor("console_not_configured") });
  const names = consoleCookieNames(settings.mgmtSecureCookies);
  const clearFlow = [deleteCookie(names.state, settings.mgmtSecureCookies)];
  const refuse = async (error: string, detail: Record<string, unknown>, label: string | null = null, protocol?: SignInRefusal) => {
    const reference = await auditRefusal(context, { kind: "staff.sign_in", actor: { type: "anonymous", label }, clientIp: exchange.clientIp, detail: { reason: error, ...detail } });
    if (protocol) console.error(describeRefusal(STAFF_PROVIDER_ID, protocol, reference));
    return redirectTo(signInPage(context, { error, ref: reference, ...(typeof detail.code === "string" ? { aadsts: detail.code } : {}) }), clearFlow);
  };

  const params = await callbackParams(exchange);
  if (!params) return jsonAnswer(413, { error: "request_too_large", message: messageFor("request_too_large") });
  // A sign-in never attaches one staff identity to another staff member's session: that session ends first.
  const current = exchange.cookies.get(names.sessionToken);
  if (current && !current.includes("\u0000")) await deleteStaffSession(db, current);

  const verified = await verifyCallback(context.staffSignIn, provider, { params, flowCookie: exchange.cookies.get(names.state) });
  if (!verified.ok) {
    const { refusal } = verified;
    return refuse(messageCodeOf(refusal), { ...auditFactsOf(refusal), refusal: refusal.reason }, null, refusal);
  }
  const decision = decideStaffSignIn(verified.claims, { operatorTenantId: settings.mgmtMicrosoft!.tenantId, authorityHost: settings.msAuthorityHost });
  if (!decision.ok) {
    const label = typeof verified.claims.preferred_username === "string" ? verified.claims.preferred_username : null;
    return refuse(decision.reason, { tid: typeof verified.claims.tid === "string" ? verified.claims.tid : null }, label);
  }
  const written = await writeStaffSignIn(db, { attemptId: verified.flow.attemptId, identity: decision.identity, clientIp: exchange.clientIp }, clock);
  if (!written.ok) return refuse("sign_in_failed", { refusal: written.code }, decision.identity.email);
  const session = setCookie(names.sessionToken, written.sessionToken, { secure: settings.mgmtSecureCookies, expires: written.expires });
  return redirectTo(verified.flow.returnTo, [...clearFlow, session]);
}

function signInPage(context: RouteContext, query: Record<string, string>): string {
  return `${context.settings.mgmtPublicUrl}/manage/sign-in?${new URLSearchParams(query)}`;
}
