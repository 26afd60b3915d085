import type Provider from "oidc-provider";
import { errors, type KoaContext } from "oidc-provider";
import type { Database } from "@/db/client";
import { recordAuditEvent } from "@/lib/audit/record-audit-event";
import { messageFor } from "@/lib/errors/user-messages";
import { redeemIdJag } from "@/lib/okta/id-jag-replay";
import { resolveIdJagMember } from "@/lib/okta/id-jag-member";
import { oktaOrgByIssuer } from "@/lib/okta/okta-orgs";
import type { DiscoveryFetch } from "@/lib/okta/okta-issuer";
import { orgKeySets, type OrgKeySets } from "@/lib/okta/org-key-sets";
import { ID_JAG_SKEW_SECONDS, verifyIdJag } from "@/lib/okta/verify-id-jag";
import { CLIENT_IP_HEADER } from "@/lib/server/client-ip-header";
import type { Clock } from "@/lib/time/clock";
import { MCP_SCOPE, mcpResourceOf } from "./paths";
import { ACCESS_TOKEN_TTL_SECONDS } from "./provider-configuration";
import { SIGNING_ALG } from "./signing-keys";

/**
 * Leg 2 of Enterprise-Managed Authorization: the jwt-bearer grant (RFC 7523) with an ID-JAG as `assertion`, on
 * Gatehouse's oidc-provider. oidc-provider has authenticated the client (401 `invalid_client` otherwise) and checked
 * that the client is allowed this grant; this handler requires a confidential client, validates the assertion
 * (lib/okta/verify-id-jag.ts), then in ONE transaction redeems its `jti` (single use), provisions the person into
 * the workspace its Okta org is bound to, and audits. The answer is the same ES256 RFC 9068 access token for `/mcp`
 * as the other grants, with the `workspace` claim, for at most an hour (the 15-minute default), and never a refresh
 * token: the client gets a fresh ID-JAG from Okta, which re-applies the admin's policy. Every refusal is 400 with a
 * description (`invalid_grant`, or `invalid_target` / `invalid_scope` / `unauthorized_client`), audited with a
 * reference the description carries.
 */
export const JWT_BEARER_GRANT = "urn:ietf:params:oauth:grant-type:jwt-bearer";
export const ID_JAG_ACCESS_TOKEN_TTL_SECONDS = Math.min(ACCESS_TOKEN_TTL_SECONDS, 60 * 60);

export type IdJagGrantDependencies = { db: Database; clock: Clock; issuer: string; fetch?: DiscoveryFetch; keys?: OrgKeySets };

/** The workspace each jwt-bearer request's access token is for, read by the token's extra claims (below). */
const workspaceOfRequest = new WeakMap<object, string>();

export function registerIdJagGrant(provider: Provider, deps: IdJagGrantDependencies): void {
  const keys = deps.keys ?? orgKeySets(deps.fetch ?? fetch);
  const resource = mcpResourceOf(deps.issuer);
  const { db, clock } = deps;

  provider.registerGrantType(
    JWT_BEARER_GRANT,
    async (ctx: KoaContext) => {
      const client = ctx.oidc.client!;
      const params = ctx.oidc.params as Record<string, string | undefined>;
      const clientIp = String(ctx.req.headers[CLIENT_IP_HEADER] ?? "");
      const refuse = async (code: string, error: string, tenantId: string | null, detail: Record<string, unknown> = {}) => {
        const reference = await recordAuditEvent(db, { kind: "oauth.id_jag", outcome: "failure", actor: { type: "anonymous" }, tenantId, clientIp, detail: { reason: code, clientId: client.clientId, ...detail } }, clock);
        const refusal = new errors.CustomOIDCProviderError(error, `${messageFor(code)} (reference ${reference})`);
        Object.assign(refusal, { audited: true });
        return refusal;
      };

      // ID-JAGs are for confidential clients only: a public client uses the authorization code flow.
      if (client.clientAuthMethod === "none") throw await refuse("id_jag_client_not_confidential", "unauthorized_client", null);

      const verified = await verifyIdJag(
        params.assertion,
        { clientId: client.clientId, requestedScope: params.scope, requestedResource: params.resource },
        { issuer: deps.issuer, resource, resourceScopes: [MCP_SCOPE], orgByIssuer: (iss) => oktaOrgByIssuer(db, iss), keys, clock },
      );
      if (!verified.ok) throw await refuse(verified.code, verified.error, verified.org?.tenantId ?? null, verified.org ? { issuer: verified.org.issuer } : {});
      const { idJag } = verified;
      const tenantId = idJag.org.tenantId;

      const outcome = await db.transaction(async (tx) => {
        const t = tx as unknown as Database;
        if (!(await redeemIdJag(t, { issuer: idJag.org.issuer, jti: idJag.jti, clientId: client.clientId, exp: idJag.exp }, ID_JAG_SKEW_SECONDS, clock))) return { ok: false, code: "id_jag_replayed" } as const;
        const member = await resolveIdJagMember(t, { tenantId, issuer: idJag.org.issuer, subject: idJag.subject, email: idJag.email, name: idJag.name }, clock.now());
        if (!member.ok) return member;
        await recordAuditEvent(
          t,
          {
            kind: "oauth.id_jag",
            outcome: "success",
            actor: { type: "user", id: member.userId, label: member.label },
            tenantId,
            clientIp,
            detail: { clientId: client.clientId, issuer: idJag.org.issuer, subject: idJag.subject, scopes: idJag.scopes, created: member.created, joinedTenant: member.joined },
          },
          clock,
        );
        return member;
      });
      if (!outcome.ok) throw await refuse(outcome.code, "invalid_grant", tenantId, { issuer: idJag.org.issuer, subject: idJag.subject });

      const token = new provider.AccessToken({ accountId: outcome.userId, client, scope: idJag.scopes.join(" ") });
      token.resourceServer = new provider.ResourceServer(resource, {
        scope: MCP_SCOPE,
        audience: resource,
        accessTokenTTL: ID_JAG_ACCESS_TOKEN_TTL_SECONDS,
        accessTokenFormat: "jwt",
        jwt: { sign: { alg: SIGNING_ALG } },
      });
      workspaceOfRequest.set(ctx, tenantId);
      ctx.oidc.entity("AccessToken", token);
      const accessToken = await token.save();
      ctx.body = { access_token: accessToken, token_type: "Bearer", expires_in: token.expiration, scope: token.scope };
    },
    ["assertion", "scope", "resource"],
  );
}

export const ID_JAG_GRANT_PROFILE = "urn:ietf:params:oauth:grant-profile:id-jag";

/**
 * oidc-provider's configuration with what the ID-JAG grant adds: the metadata names the grant profile (research
 * §6.6; `grant_types_supported` lists the grant once it is registered), and a jwt-bearer access token gets its
 * `workspace` claim from the request that issues it, having no consent row to read it from (consents.ts).
 */
export function withIdJagSupport(configuration: Record<string, unknown>): Record<string, unknown> {
  const original = configuration.extraTokenClaims as ((ctx: KoaContext, token: { kind: string }) => Promise<Record<string, unknown> | undefined>) | undefined;
  return {
    ...configuration,
    discovery: { ...(configuration.discovery as Record<string, unknown> | undefined), authorization_grant_profiles_supported: [ID_JAG_GRANT_PROFILE] },
    async extraTokenClaims(ctx: KoaContext, token: { kind: string }) {
      const workspace = ctx ? workspaceOfRequest.get(ctx) : undefined;
      if (workspace && token.kind === "AccessToken") return { ...(await original?.(ctx, token)), workspace };
      return original?.(ctx, token);
    },
  };
}
