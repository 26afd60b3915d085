import { isInteractionReturnPath } from "@/lib/oauth/paths";
import { tenantCookieNames } from "@/lib/auth/cookie-names";
import { checkOidcDomain } from "@/lib/auth/auth-policy";
import { normalizeLoginIdentifier } from "@/lib/auth/login-identifier";
import { auditLabelOf, vouchedDomainOf, type OidcIdentity } from "@/lib/auth/oidc-identity";
import { decidePlatformMicrosoftSignIn } from "@/lib/auth/platform-microsoft-sign-in";
import { signOut } from "@/lib/auth/sign-out";
import { domainOfEmail } from "@/lib/domains/normalize-domain";
import { messageFor } from "@/lib/errors/user-messages";
import { fetchUserInfo, verifyCallback, startSignIn } from "@/lib/signin/engine";
import { FLOW_LIFETIME_SECONDS } from "@/lib/signin/flow-cookie";
import {
  PLATFORM_MICROSOFT_PROVIDER_ID,
  TENANT_AUTH_BASE_PATH,
  platformMicrosoftProvider,
  tenantKeyOfProvider,
  tenantSsoProvider,
  tenantSsoProviderId,
  type SignInProvider,
} from "@/lib/signin/provider";
import { auditFactsOf, describeRefusal, messageCodeOf, type SignInRefusal } from "@/lib/signin/refusal";
import { auditKindOf, type OidcSignInMethod, type SignInWorkspace } from "@/lib/signin/sign-in-method";
import { decideTenantSsoRole } from "@/lib/signin/tenant-sso-role";
import { writeTenantSignIn } from "@/lib/signin/write-tenant-sign-in";
import { listGroupMappings } from "@/lib/groups/group-mappings";
import { claimsWithUserInfo, needsUserInfo } from "@/lib/sso/claims-with-userinfo";
import { type CachedTenantSso, cachedTenantSso } from "@/lib/sso/tenant-sso-cache";
import { loadTenantSsoForSignIn, type TenantSsoForSignIn } from "@/lib/sso/tenant-sso-config";
import { decideTenantSsoSignIn } from "@/lib/sso/tenant-sso-sign-in";
import { deleteCookie, jsonAnswer, redirectTo, setCookie, type Answer, type Exchange } from "../http-exchange";
import { callbackParams } from "./callback-params";
import { auditRefusal, type RouteContext } from "./route-context";

/**
 * The tenant users' OIDC sign-ins — the platform Microsoft app (`microsoft-entra-id`) and each workspace's own IdP
 * (`t-<key>`) — answered by the Node server before Next.js:
 *   GET  /api/v1/auth/microsoft/login[?return_to=/invite/…]      start, platform app
 *   GET  /api/v1/auth/sso/<key>/login[?login_hint=…]             start, a workspace's IdP
 *   GET|POST /api/v1/auth/callback/<provider>                    the IdP's answer
 * The engine (lib/signin/engine.ts) runs the protocol; this file decides who the verified identity may be, and the
 * one transaction of writeTenantSignIn records it. Every refusal is audited and shown with its reference.
 */
const PLATFORM_START = `${TENANT_AUTH_BASE_PATH}/microsoft/login`;
/** Pages a sign-in may return to instead of the landing page: an invitation link, or an OAuth authorization waiting (nothing open-ended). */
const RETURNABLE = /^\/invite\/[A-Za-z0-9_-]{43}$/;

export async function startPlatformSignIn(context: RouteContext, exchange: Exchange): Promise<Answer> {
  const { settings } = context;
  const provider = platformMicrosoftProvider(settings);
  if (!provider) return jsonAnswer(404, { error: "not_found", message: messageFor("microsoft_not_configured") });
  const returnTo = exchange.url.searchParams.get("return_to");
  const target = returnTo && (RETURNABLE.test(returnTo) || isInteractionReturnPath(returnTo)) ? `${settings.apiPublicUrl}${returnTo}` : landingPage(context);
  return start(context, exchange, provider, { returnTo: target });
}

export async function startTenantSsoSignIn(context: RouteContext, exchange: Exchange, key: string): Promise<Answer> {
  const tenantKey = tenantKeyOfProvider(tenantSsoProviderId(key));
  const sso = tenantKey ? await tenantSso(context, tenantKey) : undefined;
  if (!sso) return redirectTo(`${context.settings.apiPublicUrl}/login?error=sso_unavailable`);
  const loginHint = normalizeLoginIdentifier(exchange.url.searchParams.get("login_hint"));
  const provider = tenantSsoProvider(sso, context.settings);
  const returnTo = exchange.url.searchParams.get("return_to");
  return start(context, exchange, provider, { returnTo: returnTo && isInteractionReturnPath(returnTo) ? `${context.settings.apiPublicUrl}${returnTo}` : landingPage(context), loginHint }, sso);
}

export async function tenantSignInCallback(context: RouteContext, exchange: Exchange, providerId: string): Promise<Answer> {
  const { settings, db, clock } = context;
  const names = tenantCookieNames(settings.secureCookies);
  const tenantKey = tenantKeyOfProvider(providerId);
  const sso = tenantKey ? await tenantSso(context, tenantKey) : undefined;
  const provider = providerId === PLATFORM_MICROSOFT_PROVIDER_ID ? platformMicrosoftProvider(settings) : sso && tenantSsoProvider(sso, settings);
  const clearFlow = [deleteCookie(names.state, settings.secureCookies)];
  const kind = auditKindOf(providerId === PLATFORM_MICROSOFT_PROVIDER_ID ? "microsoft" : "tenant_sso");
  const refuse = async (code: string, detail: Record<string, unknown>, extra: Record<string, string> = {}, label: string | null = null) => {
    const reference = await auditRefusal(context, { kind, actor: { type: "anonymous", label }, tenantId: sso?.tenantId, clientIp: exchange.clientIp, detail: { provider: providerId, ...detail } });
    // A non-Entra issuer's refusal names that issuer (its display name), on /login, which looks the name up by key.
    const named = sso?.kind === "oidc" ? NAMED_REFUSALS[code] : undefined;
    if (named) return redirectTo(`${settings.apiPublicUrl}/login?${new URLSearchParams({ error: named, workspace: sso!.tenantKey, ref: reference })}`, clearFlow);
    return redirectTo(errorPage(context, { code, ...extra, ref: reference }), clearFlow);
  };
  if (!provider) {
    if (!tenantKey) return jsonAnswer(404, { error: "not_found", message: messageFor("not_found") });
    return refuse("sso_unavailable", { reason: "sso_unavailable" });
  }

  const params = await callbackParams(exchange);
  if (!params) return jsonAnswer(413, { error: "request_too_large", message: messageFor("request_too_large") }, {});
  // A sign-in never attaches a new identity to whoever is signed in in this browser: that session ends first.
  const current = exchange.cookies.get(names.sessionToken);
  if (current) await signOut(db, { sessionToken: current, clientIp: exchange.clientIp }, clock);
  const signedOut = current ? [deleteCookie(names.sessionToken, settings.secureCookies)] : [];

  const verified = await verifyCallback(context.tenantSignIn, provider, { params, flowCookie: exchange.cookies.get(names.state) });
  if (!verified.ok) {
    const answer = await refuseProtocol(context, exchange, provider, verified.refusal, sso);
    answer.headers["set-cookie"] = [...clearFlow, ...signedOut];
    return answer;
  }

  // A generic issuer may keep claims (its default for `email`) in UserInfo only: ask it, same issuer, same `sub`.
  let claims = verified.claims;
  if (sso?.kind === "oidc" && verified.accessToken && typeof claims.sub === "string" && needsUserInfo(claims, sso.roleClaim)) {
    const userInfo = await fetchUserInfo(context.tenantSignIn, provider, { accessToken: verified.accessToken, subject: claims.sub });
    if (!userInfo.ok) {
      const answer = await refuseProtocol(context, exchange, provider, userInfo.refusal, sso);
      answer.headers["set-cookie"] = [...clearFlow, ...signedOut];
      return answer;
    }
    claims = claimsWithUserInfo(claims, userInfo.claims);
  }

  // With group mappings the role is decided below, from app roles and groups: the card's "refuse" waits for that.
  const mappings = sso?.groupMappings ?? [];
  const accepted = acceptIdentity(context, provider, sso && mappings.length ? { ...sso, unmatchedRole: "member" } : sso, claims);
  if (!accepted.ok) return refuse(accepted.code, accepted.detail, {}, accepted.label);
  if (sso && mappings.length) {
    const graph = { db, fetch: context.tenantSignIn.fetch, authorityHost: settings.msAuthorityHost, graphHost: settings.msGraphHost };
    const decided = await decideTenantSsoRole(graph, sso, mappings, claims, accepted.identity);
    if (!decided.ok)
      return refuse("sso_no_supported_role", { reason: decided.reason, groupsUnresolved: decided.groupsUnresolved ?? null }, {}, auditLabelOf(accepted.identity));
    accepted.workspace = { kind: "role", tenantId: sso.tenantId, role: decided.role, groupScopes: decided.groupScopes, groupsUnresolved: decided.groupsUnresolved };
  }
  const written = await writeTenantSignIn(
    db,
    { attempt: { id: verified.flow.attemptId, providerId }, identity: accepted.identity, method: accepted.method, workspace: accepted.workspace, clientIp: exchange.clientIp, auditTenantId: sso?.tenantId },
    clock,
  );
  if (!written.ok) {
    // Removed from the workspace: back to /login, which names the workspace (looked up by key, never echoed text).
    if (written.code === "removed") return redirectTo(`${settings.apiPublicUrl}/login?${new URLSearchParams({ error: "removed", workspace: written.workspace.key, ref: written.reference })}`, clearFlow);
    if (written.reference) return redirectTo(errorPage(context, { code: written.code, ref: written.reference }), clearFlow);
    return refuse("sign_in_failed", { reason: written.code }, {}, auditLabelOf(accepted.identity));
  }
  const sessionCookie = setCookie(names.sessionToken, written.session.sessionToken, { secure: settings.secureCookies, expires: written.session.expires });
  return redirectTo(verified.flow.returnTo, [...clearFlow, sessionCookie]);
}

type Acceptance =
  | { ok: true; identity: OidcIdentity; method: OidcSignInMethod; workspace: SignInWorkspace }
  | { ok: false; code: string; detail: Record<string, unknown>; label: string | null };

/**
 * Who the verified claims say the person is, and what they may do — decided before anything is written: the
 * provider's own rules (issuer, directory, role), then AUTH_POLICY on the domain the IdP vouches for.
 */
function acceptIdentity(context: RouteContext, provider: SignInProvider, sso: TenantSsoForSignIn | undefined, claims: Record<string, unknown>): Acceptance {
  const { settings } = context;
  const { policy } = context;
  let identity: OidcIdentity;
  let workspace: SignInWorkspace;
  let method: OidcSignInMethod;
  if (sso) {
    const decision = decideTenantSsoSignIn(claims, sso, settings.msAuthorityHost);
    if (!decision.ok) {
      // A refused claim is not vouched for: the audit names the account, never the address it asserted.
      const label = accountKeyOfClaims(claims);
      const detail = { reason: decision.reason, tid: typeof claims.tid === "string" ? claims.tid : null };
      // Under AUTH_POLICY=restricted an e-mail the tenant does not vouch for is the policy's refusal too.
      if (policy.mode === "restricted" && decision.reason === "domain_not_owned")
        return { ok: false, code: "domain_not_allowed", detail: { ...detail, reason: "email_unverified", policy: policy.mode }, label };
      return { ok: false, code: SSO_REFUSAL_CODES[decision.reason], detail, label };
    }
    identity = decision.identity;
    method = "tenant_sso";
    workspace = { kind: "role", tenantId: sso.tenantId, role: decision.role };
  } else {
    const decision = decidePlatformMicrosoftSignIn(claims, { authorityHost: settings.msAuthorityHost, allowPersonalAccounts: settings.msAllowPersonalAccounts });
    if (!decision.ok) {
      const label = typeof claims.oid === "string" ? `${decision.tid}:${claims.oid}` : null;
      return { ok: false, code: decision.reason, detail: { reason: decision.reason, tid: decision.tid }, label };
    }
    identity = decision.identity;
    method = "microsoft";
    workspace = { kind: "platform" };
  }
  const refusal = checkOidcDomain(policy, vouchedDomainOf(identity), identity.email ? (domainOfEmail(identity.email) ?? null) : null);
  if (refusal) return { ok: false, code: "domain_not_allowed", detail: { ...refusal, policy: policy.mode }, label: auditLabelOf(identity) };
  return { ok: true, identity, method, workspace };
}

/** The immutable account key the claims name, for the audit label of a refusal: `tid:oid`, else `iss#sub`. */
function accountKeyOfClaims(claims: Record<string, unknown>): string | null {
  if (typeof claims.tid === "string" && typeof claims.oid === "string") return `${claims.tid}:${claims.oid}`;
  if (typeof claims.iss === "string" && typeof claims.sub === "string") return `${claims.iss}#${claims.sub}`;
  return null;
}

/** The refusals whose sentence names a generic issuer, by the code they have for Entra. */
const NAMED_REFUSALS: Record<string, string> = {
  sso_no_supported_role: "sso_no_supported_role_named",
  sso_domain_not_owned: "sso_domain_not_owned_named",
  issuer_invalid: "sso_issuer_invalid_named",
};

/** The protocol refusals whose sentence names Microsoft, and the sentence that names a generic issuer instead. */
const NAMED_PROTOCOL_REFUSALS: Record<string, string> = {
  idp_unreachable: "sso_idp_unreachable_named",
  microsoft_session_expired: "sso_session_expired_named",
  entra_error: "sso_idp_error_named",
};

const SSO_REFUSAL_CODES = {
  tid_mismatch: "sso_tid_mismatch",
  domain_not_owned: "sso_domain_not_owned",
  no_supported_role: "sso_no_supported_role",
  issuer_invalid: "issuer_invalid",
} as const;

async function start(context: RouteContext, exchange: Exchange, provider: SignInProvider, options: { returnTo: string; loginHint?: string }, sso?: TenantSsoForSignIn): Promise<Answer> {
  const started = await startSignIn(context.tenantSignIn, provider, options);
  if (!started.ok) return refuseProtocol(context, exchange, provider, started.refusal, sso, false);
  const { secureCookies } = context.settings;
  return redirectTo(started.location, [setCookie(tenantCookieNames(secureCookies).state, started.flowCookie, { secure: secureCookies, maxAgeSeconds: FLOW_LIFETIME_SECONDS })], 307);
}

/** A protocol refusal from the engine: audited, logged in words, shown with its sentence and reference. */
async function refuseProtocol(
  context: RouteContext,
  exchange: Exchange,
  provider: SignInProvider,
  refusal: SignInRefusal,
  sso: TenantSsoForSignIn | undefined,
  auditUnderWorkspace = true,
): Promise<Answer> {
  const tenantId = auditUnderWorkspace ? sso?.tenantId : undefined;
  const kind = auditKindOf(provider.id === PLATFORM_MICROSOFT_PROVIDER_ID ? "microsoft" : "tenant_sso");
  const detail = { provider: provider.id, reason: refusal.reason === "flow_missing" ? "state_missing" : refusal.reason, ...auditFactsOf(refusal) };
  const reference = await auditRefusal(context, { kind, actor: { type: "anonymous" }, tenantId, clientIp: exchange.clientIp, detail });
  console.error(describeRefusal(provider.id, refusal, reference));
  const retry = startPathOf(provider.id);
  const query: Record<string, string> = { code: messageCodeOf(refusal) };
  if (refusal.reason === "entra_error") {
    query.error = refusal.entra.error;
    if (refusal.entra.code) query.aadsts = refusal.entra.code;
    if (refusal.entra.traceId) query.trace = refusal.entra.traceId;
    if (refusal.entra.correlationId) query.correlation = refusal.entra.correlationId;
  }
  query.ref = reference;
  // A non-Entra issuer is named by its display name, on /login (which looks it up by the workspace's key).
  const named = sso?.kind === "oidc" ? NAMED_PROTOCOL_REFUSALS[query.code!] : undefined;
  if (named) return redirectTo(`${context.settings.apiPublicUrl}/login?${new URLSearchParams({ error: named, workspace: sso!.tenantKey, ref: reference })}`);
  if (["entra_error", "flow_missing", "idp_unreachable", "token_error", "attempt_used"].includes(refusal.reason)) query.retry = retry;
  return redirectTo(errorPage(context, query));
}

function startPathOf(providerId: string): string {
  const key = tenantKeyOfProvider(providerId);
  return key ? `${TENANT_AUTH_BASE_PATH}/sso/${key}/login` : PLATFORM_START;
}

function landingPage(context: RouteContext): string {
  return `${context.settings.appBaseUrl}/auth/callback`;
}

/** Error pages live on the public origin, whatever host the request came in on. */
function errorPage(context: RouteContext, query: Record<string, string>): string {
  return `${context.settings.apiPublicUrl}/error?${new URLSearchParams(query)}`;
}

function tenantSso(context: RouteContext, key: string): Promise<CachedTenantSso | undefined> {
  return cachedTenantSso(key, async () => {
    const sso = await loadTenantSsoForSignIn(context.db, key, context.secretKeys);
    return sso && { ...sso, groupMappings: await listGroupMappings(context.db, sso.tenantId) };
  });
}
