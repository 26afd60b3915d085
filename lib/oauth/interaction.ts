import type Provider from "oidc-provider";
import type { Database } from "@/db/client";
import { recordAuditEvent } from "@/lib/audit/record-audit-event";
import { messageFor } from "@/lib/errors/user-messages";
import type { Clock } from "@/lib/time/clock";
import { consentCovers, findConsent, rememberConsent } from "./consents";
import { MCP_SCOPE, mcpResourceOf } from "./paths";

/**
 * One authorization's interaction, between oidc-provider and Gatehouse's pages: what the consent page shows, and
 * the decision that ends it. The person is always the one Gatehouse's own session names (never the library's
 * cookie). Finishing stores the result on the interaction row and answers where the browser goes next: the
 * authorization endpoint's resume URL, which only the browser holding the interaction's resume cookie can use.
 */
export type InteractionView = {
  uid: string;
  clientId: string;
  clientName: string;
  /** The host the code will be sent to: what the person should recognise. */
  redirectHost: string;
  scopes: string[];
  resource: string;
};

export type Person = { userId: string; tenantId: string | null; label: string | null; clientIp: string };

export type InteractionDependencies = { provider: Provider; db: Database; clock: Clock; apiPublicUrl: string };

export async function interactionView(dependencies: InteractionDependencies, uid: string): Promise<InteractionView | undefined> {
  const interaction = await dependencies.provider.Interaction.find(uid);
  if (!interaction) return undefined;
  const clientId = String(interaction.params.client_id ?? "");
  const client = await dependencies.provider.Client.find(clientId).catch(() => undefined);
  if (!client) return undefined;
  const redirectUri = String(interaction.params.redirect_uri ?? client.redirectUris[0] ?? "");
  const redirect = URL.parse(redirectUri);
  return {
    uid,
    clientId,
    clientName: client.clientName ?? clientId,
    redirectHost: redirect ? (redirect.host || `${redirect.protocol}//`) : redirectUri,
    scopes: requestedScopes(interaction.params.scope),
    resource: requestedResource(interaction.params.resource, dependencies.apiPublicUrl),
  };
}

export type InteractionOutcome = { ok: true; location: string } | { ok: false; code: "oauth_interaction_expired" };

/**
 * Ends the interaction without asking when the person already allowed this client as much (the same resource and
 * workspace, no new scope); otherwise answers undefined and the consent page asks.
 */
export async function finishIfRemembered(dependencies: InteractionDependencies, uid: string, person: Person): Promise<InteractionOutcome | undefined> {
  const { provider, db } = dependencies;
  const view = await interactionView(dependencies, uid);
  if (!view) return { ok: false, code: "oauth_interaction_expired" };
  const consent = await findConsent(db, person.userId, view.clientId);
  if (!consent || !consentCovers(consent, { scopes: view.scopes, resource: view.resource, tenantId: person.tenantId })) return undefined;
  const grant = await provider.Grant.find(consent.grantId);
  if (!grant) return undefined;
  return finish(dependencies, uid, { login: { accountId: person.userId }, consent: { grantId: grant.jti } });
}

/** "Allow" or "Deny" on the consent page. */
export async function decideInteraction(dependencies: InteractionDependencies, uid: string, person: Person, decision: "allow" | "deny"): Promise<InteractionOutcome> {
  const { provider, db, clock } = dependencies;
  const view = await interactionView(dependencies, uid);
  if (!view) return { ok: false, code: "oauth_interaction_expired" };
  const audit = (outcome: "success" | "failure") =>
    recordAuditEvent(
      db,
      {
        kind: "oauth.consent",
        outcome,
        actor: { type: "user", id: person.userId, label: person.label },
        tenantId: person.tenantId,
        clientIp: person.clientIp,
        detail: { clientId: view.clientId, clientName: view.clientName, redirectHost: view.redirectHost, scopes: view.scopes, resource: view.resource, decision },
      },
      clock,
    );
  if (decision === "deny") {
    await audit("failure");
    return finish(dependencies, uid, { error: "access_denied", error_description: messageFor("oauth_consent_denied") });
  }

  // One grant per (user, client): a broader consent extends it, so the earlier tokens' family stays one family.
  const existing = await findConsent(db, person.userId, view.clientId);
  const grant = (existing && (await provider.Grant.find(existing.grantId))) || new provider.Grant({ accountId: person.userId, clientId: view.clientId });
  const oidcScopes = view.scopes.filter((s) => s === "openid" || s === "offline_access");
  if (oidcScopes.length) grant.addOIDCScope(oidcScopes.join(" "));
  const resourceScopes = view.scopes.filter((s) => s === MCP_SCOPE);
  grant.addResourceScope(view.resource, resourceScopes.length ? resourceScopes.join(" ") : MCP_SCOPE);
  const grantId = await grant.save();
  await rememberConsent(
    db,
    {
      userId: person.userId,
      clientId: view.clientId,
      tenantId: person.tenantId,
      grantId,
      scopes: [...new Set([...(existing?.grantId === grantId && existing.tenantId === person.tenantId ? existing.scopes : []), ...view.scopes])],
      resource: view.resource,
      clientName: view.clientName,
    },
    clock,
  );
  await audit("success");
  return finish(dependencies, uid, { login: { accountId: person.userId }, consent: { grantId } });
}

async function finish(dependencies: InteractionDependencies, uid: string, result: Record<string, unknown>): Promise<InteractionOutcome> {
  const interaction = await dependencies.provider.Interaction.find(uid);
  if (!interaction) return { ok: false, code: "oauth_interaction_expired" };
  interaction.result = result;
  const remaining = interaction.exp - Math.floor(Date.now() / 1000);
  if (remaining <= 0) return { ok: false, code: "oauth_interaction_expired" };
  await interaction.save(remaining);
  return { ok: true, location: interaction.returnTo };
}

function requestedScopes(scope: unknown): string[] {
  return typeof scope === "string" ? [...new Set(scope.split(" ").filter(Boolean))] : [];
}

function requestedResource(resource: unknown, apiPublicUrl: string): string {
  if (typeof resource === "string" && resource) return resource;
  if (Array.isArray(resource) && typeof resource[0] === "string") return resource[0];
  return mcpResourceOf(apiPublicUrl);
}
