import type { IncomingMessage, ServerResponse } from "node:http";
import Provider, { type KoaContext } from "oidc-provider";
import type { Database } from "@/db/client";
import { recordAuditEvent } from "@/lib/audit/record-audit-event";
import type { SecretKey } from "@/lib/crypto/secret-box";
import { messageFor } from "@/lib/errors/user-messages";
import { isDatabaseUnavailable, reportDatabaseFailure } from "@/lib/health/database-failure";
import { CLIENT_IP_HEADER } from "@/lib/server/client-ip-header";
import type { Clock } from "@/lib/time/clock";
import type { DiscoveryFetch } from "@/lib/okta/okta-issuer";
import { orgKeySets } from "@/lib/okta/org-key-sets";
import type { MetadataFetch } from "./client-metadata-fetch";
import { clientSecretHasher, compareClientSecretsByHash } from "./client-secrets";
import { sweepExpiredOAuthModels } from "./drizzle-adapter";
import { registerIdJagGrant, withIdJagSupport } from "./id-jag-grant";
import { loadKeyRing, type KeyRing } from "./key-ring";
import type { Person } from "./interaction";
import { answerInteraction } from "./interaction-route";
import { plainPage } from "./plain-page";
import { AUTHORIZATION_SERVER_METADATA_PATH, INTERACTION_ROUTE, OAUTH_ROUTES, OPENID_CONFIGURATION_PATH } from "./paths";
import { providerConfiguration } from "./provider-configuration";
import { registrationRateLimit } from "./registration-rate-limit";
import { ensureSigningKey, rotateSigningKeyIfDue } from "./signing-keys";
import { gatehouseAccessTokenVerifier, type GatehouseAccessTokenVerifier } from "./verify-access-token";

/**
 * Gatehouse as an OAuth 2.0 authorization server: oidc-provider (a Koa app) answering `/oauth2/*` and the two
 * metadata documents inside Gatehouse's Node server, with its state in the database (drizzle-adapter.ts) and its
 * signing keys in the key ring (key-ring.ts). oidc-provider takes its keys once, when it is built; so when the key
 * ring changes (a rotation on any instance, seen at the next refresh) the provider is rebuilt with the new keys and
 * takes the next request. Nothing else lives in it: every session, interaction, grant and token is a row.
 */
export type AuthorizationServer = {
  issuer: string;
  /** Answers a request for an authorization-server path (see paths.ts). */
  handle(req: IncomingMessage, res: ServerResponse): void;
  provider(): Provider;
  keyRing: KeyRing;
  verifyAccessToken: GatehouseAccessTokenVerifier;
  /** Reloads the keys from the database; rebuilds the provider when they changed. */
  refreshKeys(): Promise<void>;
  stop(): void;
};

export type AuthorizationServerDependencies = {
  apiPublicUrl: string;
  authSecret: string;
  allowLoopbackClientMetadata: boolean;
  db: Database;
  clock: Clock;
  /** The current key first (SECRET_ENCRYPTION_KEY). */
  secretKeys: SecretKey[];
  fetch?: MetadataFetch;
  /** The outgoing fetch for Okta orgs' discovery and keys (ID-JAG); tests hand one that trusts the emulator's CA. */
  oktaFetch?: DiscoveryFetch;
  /** Who Gatehouse's session cookie names (the interaction route); without it nobody is ever signed in. */
  personOf?: (req: IncomingMessage) => Promise<Person | null>;
  /** How often every instance looks for a rotated key (0: only when asked, as tests do). */
  keyRefreshMs?: number;
};

/**
 * Signing keys rotate every 30 days; the previous key stays published and trusted for a day, far longer than any
 * access token it signed (15 minutes) and than a resource server's JWKS cache should be.
 */
export const KEY_ROTATION = { maxAgeMs: 30 * 24 * 60 * 60_000, overlapMs: 24 * 60 * 60_000 };

const AUDITED_ERRORS = ["authorization.error", "grant.error", "registration_create.error", "introspection.error", "revocation.error"];

export async function createAuthorizationServer(dependencies: AuthorizationServerDependencies): Promise<AuthorizationServer> {
  const { db, clock, apiPublicUrl } = dependencies;
  await ensureSigningKey(db, dependencies.secretKeys, clock);
  const keyRing = await loadKeyRing(db, dependencies.secretKeys, clock);
  const registrations = registrationRateLimit(clock);
  const clientSecrets = clientSecretHasher(dependencies.secretKeys[0]!.key);
  // Okta orgs' keys outlive a provider rebuild (a signing-key rotation), so the cache is built once.
  const oktaKeys = orgKeySets(dependencies.oktaFetch ?? fetch);

  const build = () => {
    const provider = new Provider(apiPublicUrl, withIdJagSupport(providerConfiguration(dependencies, keyRing.keys())));
    // The Gatehouse server has already pinned X-Forwarded-Host/-Proto to the public origin (public-origins.ts).
    provider.proxy = true;
    compareClientSecretsByHash(provider, clientSecrets);
    registerIdJagGrant(provider, { db, clock, issuer: apiPublicUrl, keys: oktaKeys });
    for (const event of AUDITED_ERRORS)
      provider.on(event, (ctx: KoaContext, error: Error & { error?: string; error_description?: string; audited?: boolean }) =>
        // A refusal the grant audited itself (with its workspace and reason) is not written twice.
        error.audited ? undefined : void auditRefusal(db, clock, event, ctx, error).catch((failure: unknown) => console.error(`[oauth] could not audit ${event}: ${String(failure)}`)),
      );
    // A request the database failed under answers the contract's 503 rather than oidc-provider's 500, and the
    // process's database watch looks at once (it then answers 503 itself until the database is back).
    provider.on("server_error", (ctx: KoaContext, error: Error) => {
      console.error(`[oauth] ${ctx.method} ${ctx.path} failed: ${error.stack ?? error.message}`);
      if (!isDatabaseUnavailable(error)) return;
      ctx.state.databaseUnavailable = true;
      reportDatabaseFailure();
    });
    provider.use(async (ctx, next) => {
      await next();
      if (!ctx.state.databaseUnavailable) return;
      ctx.status = 503;
      ctx.set("retry-after", "5");
      ctx.set("cache-control", "no-store");
      if (ctx.accepts("json", "html") === "html") {
        ctx.type = "html";
        ctx.body = plainPage(messageFor("database_unavailable"));
      } else ctx.body = { error: "temporarily_unavailable", error_description: messageFor("database_unavailable") };
    });
    return { provider, handler: provider.callback(), fingerprint: keyRing.fingerprint() };
  };
  let built = build();
  // The ring may change under the provider (a token verified with an unknown kid reloads it): rebuild lazily.
  const current = () => {
    if (built.fingerprint !== keyRing.fingerprint()) built = build();
    return built;
  };

  const refreshKeys = async () => {
    await rotateSigningKeyIfDue(db, dependencies.secretKeys[0]!, clock, KEY_ROTATION);
    await keyRing.refresh();
    current();
  };
  const timers: NodeJS.Timeout[] = [];
  if (dependencies.keyRefreshMs) {
    timers.push(setInterval(() => void refreshKeys().catch((e: unknown) => console.error(`[oauth] key refresh failed: ${String(e)}`)), dependencies.keyRefreshMs));
    timers.push(setInterval(() => void sweepExpiredOAuthModels(db, clock).catch(() => {}), 10 * 60_000));
  }
  for (const timer of timers) timer.unref();

  return {
    issuer: apiPublicUrl,
    handle(req, res) {
      const path = (req.url ?? "/").split("?")[0]!;
      const interaction = INTERACTION_ROUTE.exec(path);
      if (interaction) {
        const personOf = dependencies.personOf ?? (async () => null);
        answerInteraction({ provider: current().provider, db, clock, apiPublicUrl, personOf }, req, res, interaction[1]!, Boolean(interaction[2])).catch((error: unknown) => {
          console.error(`[oauth] ${req.method} ${path} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
          if (res.headersSent) return void res.destroy();
          const code = isDatabaseUnavailable(error) ? "database_unavailable" : "unexpected";
          res.writeHead(code === "unexpected" ? 500 : 503, { "content-type": "text/plain; charset=utf-8", "cache-control": "no-store" }).end(messageFor(code));
        });
        return;
      }
      // RFC 8414 metadata and OpenID discovery are one document with one issuer; oidc-provider serves the latter.
      if (path === AUTHORIZATION_SERVER_METADATA_PATH) req.url = OPENID_CONFIGURATION_PATH + (req.url ?? "").slice(path.length);
      if (path === OAUTH_ROUTES.registration && req.method === "POST") {
        const clientIp = String(req.headers[CLIENT_IP_HEADER] ?? req.socket.remoteAddress ?? "unknown");
        if (!registrations.allow(clientIp)) {
          void recordAuditEvent(db, { kind: "oauth.registration", outcome: "failure", actor: { type: "anonymous" }, clientIp, detail: { reason: "rate_limited" } }, clock).catch(() => {});
          res.writeHead(429, { "content-type": "application/json", "cache-control": "no-store", "retry-after": "60" });
          res.end(JSON.stringify({ error: "rate_limited", error_description: messageFor("oauth_registration_rate_limited") }));
          return;
        }
      }
      current().handler(req, res);
    },
    provider: () => current().provider,
    keyRing,
    verifyAccessToken: gatehouseAccessTokenVerifier({ keyRing, issuer: apiPublicUrl, clock }),
    refreshKeys,
    stop: () => timers.forEach(clearInterval),
  };
}

/** Every refusal of the authorization server is audited: what was refused and why, never a token or a secret. */
function auditRefusal(db: Database, clock: Clock, event: string, ctx: KoaContext, error: { error?: string; error_description?: string }) {
  const params = ctx.oidc?.params ?? {};
  const clientId = ctx.oidc?.client?.clientId ?? (typeof params.client_id === "string" ? params.client_id : undefined);
  return recordAuditEvent(
    db,
    {
      kind: `oauth.${event.replace(/\.error$/, "")}`,
      outcome: "failure",
      actor: { type: "anonymous" },
      clientIp: String(ctx.req.headers[CLIENT_IP_HEADER] ?? ""),
      detail: { error: error.error ?? "error", description: error.error_description, clientId, grantType: typeof params.grant_type === "string" ? params.grant_type : undefined },
    },
    clock,
  );
}
