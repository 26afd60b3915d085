import { DrizzleAdapter } from "@auth/drizzle-adapter";
import NextAuth, { type NextAuthConfig } from "next-auth";
import type { Adapter, AdapterUser } from "next-auth/adapters";
import type { Provider } from "next-auth/providers";
import { accounts, sessions, users, verificationTokens } from "@/db/schema";
import { getDb } from "@/db/instance";
import { recordAuditEvent } from "@/lib/audit/record-audit-event";
import { getSettings } from "@/lib/config/load-settings";
import { CLIENT_IP_HEADER } from "@/lib/server/client-ip-header";
import { secretKey } from "@/lib/crypto/secret-box";
import { cachedTenantSso } from "@/lib/sso/tenant-sso-cache";
import { loadTenantSsoForSignIn, type TenantSsoForSignIn } from "@/lib/sso/tenant-sso-config";
import { decideTenantSsoSignIn } from "@/lib/sso/tenant-sso-sign-in";
import { findWorkspaceForIdentity, joinAsMember } from "@/lib/tenancy/platform-membership";
import { setMembershipRole } from "@/lib/tenancy/set-membership-role";
import { onlyInDisabledWorkspaces } from "@/lib/tenancy/workspace-access";
import { domainOfEmail } from "@/lib/domains/normalize-domain";
import { systemClock } from "@/lib/time/clock";
import { authJsCookies, tenantCookieNames } from "./cookie-names";
import { authJsLogger } from "./authjs-logger";
import { vouchedDomainOf, type OidcIdentity } from "./oidc-identity";
import { authPolicyOf, checkOidcDomain } from "./auth-policy";
import { completeOidcSignIn, createOidcUser, type WorkspaceRule } from "./oidc-sign-in-completion";
import { platformMicrosoftProvider } from "./platform-microsoft-provider";
import { PLATFORM_MICROSOFT_PROVIDER_ID, decidePlatformMicrosoftSignIn } from "./platform-microsoft-sign-in";
import { loadSessionAndUser, type SignedInUser } from "./session-lookup";
import { SESSION_MAX_AGE_SECONDS, SESSION_UPDATE_AGE_SECONDS } from "./sessions";
import { findEntraIdentityOwner } from "./entra-identity-owner";
import { linkIdentity, ownerOfIdentity } from "./identity-link";
import { tenantSsoProvider, tenantKeyOfProvider } from "./tenant-sso-provider";

export const TENANT_AUTH_BASE_PATH = "/api/v1/auth";

const platformWorkspace: WorkspaceRule = async (db, userId, identity) => {
  const tenantId = await findWorkspaceForIdentity(db, identity);
  return { tenantId, joined: tenantId ? await joinAsMember(db, userId, tenantId) : false };
};

const SSO_REFUSAL_CODES = {
  tid_mismatch: "sso_tid_mismatch",
  domain_not_owned: "sso_domain_not_owned",
  no_supported_role: "sso_no_supported_role",
  issuer_invalid: "issuer_invalid",
} as const;

/** The tenant whose SSO provider (`t-<key>`) a request to /signin/… or /callback/… is for. */
function tenantKeyOfRequest(request: Request | undefined): string | undefined {
  const id = request && new URL(request.url).pathname.match(/\/(?:signin|callback)\/(t-[a-z0-9-]+)$/)?.[1];
  return id ? tenantKeyOfProvider(id) : undefined;
}

/**
 * The tenant-user Auth.js instance: database sessions through the Drizzle adapter, basePath /api/v1/auth, our own
 * cookie names and secret. The config is built per request (Auth.js calls this factory for every handler call), so
 * the identity accepted in `callbacks.signIn` can be handed to the adapter writes of the same request, and a tenant's
 * SSO provider is built from its row only for requests that name it (`req` is undefined in some Auth.js calls, so
 * the tenant comes from the provider id in the URL, or is passed explicitly to start a sign-in).
 */
export async function tenantAuthConfig(request: Request | undefined, ssoTenantKey?: string): Promise<NextAuthConfig> {
  const settings = getSettings();
  const db = getDb();
  const clientIp = request?.headers.get(CLIENT_IP_HEADER) ?? "unknown";
  const policy = authPolicyOf(settings);
  let accepted: { identity: OidcIdentity; workspace: WorkspaceRule; method: "microsoft" | "tenant_sso" } | undefined;
  const keys = [secretKey(settings.secretEncryptionKey)];
  const tenantKey = ssoTenantKey ?? tenantKeyOfRequest(request);
  const sso: TenantSsoForSignIn | undefined = tenantKey
    ? await cachedTenantSso(tenantKey, () => loadTenantSsoForSignIn(db, tenantKey, keys))
    : undefined;

  const ownerLookups = new Map<string, Promise<AdapterUser | null>>();
  let createdUserId: string | undefined;
  const base = DrizzleAdapter(db, {
    usersTable: users,
    accountsTable: accounts,
    sessionsTable: sessions,
    verificationTokensTable: verificationTokens,
  } as never);
  const adapter: Adapter = {
    ...base,
    getSessionAndUser: (token) => loadSessionAndUser(db, token, policy),
    // Accounts are never found or linked by e-mail: an address proves nothing about who signs in (nOAuth).
    getUserByEmail: async () => null,
    // One Entra identity (tid, oid) is one person, whether it arrives through the platform app or a tenant's app.
    // Auth.js asks twice per callback and the signIn callback once more, all before any write: one query serves all.
    getUserByAccount(account) {
      const key = `${account.provider} ${account.providerAccountId}`;
      let found = ownerLookups.get(key);
      if (!found) {
        found = (async () =>
          ((await base.getUserByAccount!(account)) ?? (await findEntraIdentityOwner(db, account.provider, account.providerAccountId))) as AdapterUser | null)();
        ownerLookups.set(key, found);
      }
      return found;
    },
    async createUser() {
      if (!accepted) throw new Error("createUser outside an accepted sign-in");
      const user = (await createOidcUser(db, accepted.identity, systemClock)) as AdapterUser;
      createdUserId = user.id;
      return user;
    },
    async linkAccount(account) {
      ownerLookups.clear();
      await linkIdentity(db, account);
    },
    async createSession({ sessionToken, userId: signedInUserId, expires }) {
      if (!accepted) throw new Error("createSession outside an accepted sign-in");
      // Only a user created by this very request can have lost a race for its identity (see identity-link.ts).
      const userId = signedInUserId === createdUserId ? await ownerOfIdentity(db, accepted.identity, signedInUserId) : signedInUserId;
      return completeOidcSignIn(
        db,
        {
          sessionToken,
          userId,
          expires,
          identity: accepted.identity,
          clientIp,
          method: accepted.method,
          auditKind: accepted.method === "microsoft" ? "sign_in.microsoft" : "sign_in.tenant_sso",
        },
        accepted.workspace,
        systemClock,
      );
    },
  };

  const providers: Provider[] = settings.platformMicrosoft ? [platformMicrosoftProvider(settings)] : [];
  if (sso) providers.push(tenantSsoProvider(sso, settings.msAuthorityHost));
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
        if (!account || !profile) return false;
        const claims = profile as Record<string, unknown>;
        const refuse = async (kind: string, code: string, detail: Record<string, unknown>, label: string | null, tenantId?: string) => {
          const actor = { type: "anonymous" as const, label };
          const reference = await recordAuditEvent(db, { kind, outcome: "failure", actor, tenantId, clientIp, detail }, systemClock);
          return `/error?code=${code}&ref=${reference}`;
        };
        // Runs before anything is written: AUTH_POLICY on the domain the IdP vouches for, then disabled workspaces.
        const admit = async (kind: string, identity: OidcIdentity, tenantId?: string) => {
          const label = identity.email ?? identity.providerAccountId;
          const refusal = checkOidcDomain(policy, vouchedDomainOf(identity), identity.email ? (domainOfEmail(identity.email) ?? null) : null);
          if (refusal) return refuse(kind, "domain_not_allowed", { ...refusal, policy: policy.mode }, label, tenantId);
          const owner = await adapter.getUserByAccount!({ provider: identity.provider, providerAccountId: identity.providerAccountId });
          if (owner && (await onlyInDisabledWorkspaces(db, owner.id))) return refuse(kind, "tenant_disabled", { reason: "tenant_disabled" }, label, tenantId);
          return true;
        };

        if (sso && account.provider === `t-${sso.tenantKey}`) {
          const decision = decideTenantSsoSignIn(claims, sso, settings.msAuthorityHost);
          if (!decision.ok) {
            const label = typeof claims.email === "string" ? claims.email : null;
            const detail = { reason: decision.reason, tid: typeof claims.tid === "string" ? claims.tid : null };
            // Under AUTH_POLICY=restricted an e-mail the tenant does not vouch for is the policy's refusal too.
            if (policy.mode === "restricted" && decision.reason === "domain_not_owned")
              return refuse("sign_in.tenant_sso", "domain_not_allowed", { ...detail, reason: "email_unverified", policy: policy.mode }, label, sso.tenantId);
            return refuse("sign_in.tenant_sso", SSO_REFUSAL_CODES[decision.reason], detail, label, sso.tenantId);
          }
          const admitted = await admit("sign_in.tenant_sso", decision.identity, sso.tenantId);
          if (admitted !== true) return admitted;
          const tenantId = sso.tenantId;
          accepted = {
            identity: decision.identity,
            method: "tenant_sso",
            workspace: async (database, userId) => ({ tenantId, joined: await setMembershipRole(database, userId, tenantId, decision.role) }),
          };
          return true;
        }
        if (account.provider !== PLATFORM_MICROSOFT_PROVIDER_ID) return false;
        const decision = decidePlatformMicrosoftSignIn(claims, {
          authorityHost: settings.msAuthorityHost,
          allowPersonalAccounts: settings.msAllowPersonalAccounts,
        });
        if (!decision.ok) {
          const label = typeof claims.oid === "string" ? `${decision.tid}:${claims.oid}` : null;
          return refuse("sign_in.microsoft", decision.reason, { reason: decision.reason, tid: decision.tid }, label);
        }
        const admitted = await admit("sign_in.microsoft", decision.identity);
        if (admitted !== true) return admitted;
        accepted = { identity: decision.identity, workspace: platformWorkspace, method: "microsoft" };
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

/** Starts a tenant's SSO sign-in: an Auth.js instance whose config includes that tenant's provider. */
export async function startTenantSsoSignIn(tenantKey: string, loginHint: string | undefined, redirectTo: string) {
  const { signIn } = NextAuth(() => tenantAuthConfig(undefined, tenantKey));
  return signIn(`t-${tenantKey}`, { redirectTo }, loginHint ? { login_hint: loginHint } : undefined);
}
