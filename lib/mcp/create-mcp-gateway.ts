import { Agent as HttpAgent } from "node:http";
import { Agent as HttpsAgent } from "node:https";
import type { Database, DatabaseHandle } from "@/db/client";
import type { Settings } from "@/lib/config/settings";
import type { IdpFetch, IssuerViews } from "@/lib/signin/issuer-view";
import type { Clock } from "@/lib/time/clock";
import { createAssertionReuse } from "./assertion-reuse";
import { deriveAssertionSigningKey, type AssertionSigningKey } from "./assertion-signing-key";
import { publishedAuthorizationServer } from "@/lib/oauth/published-authorization-server";
import { apiKeyHasher } from "@/lib/api-keys/api-key-secret";
import { apiKeyCredentialVerifier } from "./api-key-credential-verifier";
import { entraCredentialVerifier } from "./entra-credential-verifier";
import { listenForCredentialChanges } from "./credential-change-listener";
import { gatehouseCredentialVerifier } from "./gatehouse-credential-verifier";
import type { McpGateway } from "./gateway";
import { createPrincipalCache } from "./principal-cache";
import { createRefusalThrottle } from "./refusal-throttle";
import { verifyCredential } from "./verify-credential";
import { createWorkspaceChanges } from "./workspace-changes";

/** Largest MCP request body the gateway forwards (a JSON-RPC message; tool arguments included). */
export const MCP_MAX_BODY_BYTES = 4 * 1024 * 1024;

/**
 * The gateway's wiring, built once at start (routes/route-context.ts): the credential verifiers (Entra access
 * tokens, with the process's shared issuer views, so Entra's keys are cached once; Gatehouse's own access tokens;
 * personal API keys) behind the principal cache, the derived assertion key, a keep-alive agent to the upstream, and
 * the refusal throttle. The cache serves only once `credentialChanges` (the database handle's listening) is
 * connected: without it, every request is verified, and a person's Gatehouse access token is refused only when it
 * expires (15 minutes at most) rather than at the next request after a removal.
 */
export function createMcpGateway(settings: Settings, db: Database, views: IssuerViews, fetch: IdpFetch, clock: Clock, credentialChanges?: Pick<DatabaseHandle, "listen">): McpGateway {
  const upstreamUrl = settings.mcpUpstreamUrl ? new URL(settings.mcpUpstreamUrl) : undefined;
  let key: Promise<AssertionSigningKey> | undefined;
  const agentOptions = { keepAlive: true, maxSockets: 512 };
  const changes = createWorkspaceChanges(clock);
  const verifiers = [
    entraCredentialVerifier({ db, views, authorityHost: settings.msAuthorityHost, clock }),
    gatehouseCredentialVerifier({ issuer: settings.apiPublicUrl, db, changes, verify: () => publishedAuthorizationServer()?.verifyAccessToken }),
    apiKeyCredentialVerifier({ db, hasher: apiKeyHasher(settings.secretEncryptionKey), clock }),
  ];
  const principals = createPrincipalCache(clock);
  return {
    db,
    clock,
    fetch,
    authorityHost: settings.msAuthorityHost,
    issuer: settings.apiPublicUrl,
    upstreamUrl,
    upstreamAgent: upstreamUrl?.protocol === "https:" ? new HttpsAgent(agentOptions) : new HttpAgent(agentOptions),
    verify: (token, target) => principals.verify(token, target, (t, tt) => verifyCredential(verifiers, t, tt)),
    principals,
    listening: credentialChanges ? listenForCredentialChanges(credentialChanges, principals, changes) : Promise.resolve(),
    assertionKey: () => (key ??= deriveAssertionSigningKey(settings.secretEncryptionKey)),
    assertionFor: createAssertionReuse(clock),
    throttle: createRefusalThrottle(clock),
    maxBodyBytes: MCP_MAX_BODY_BYTES,
    readBufferBytes: settings.httpReadBufferBytes,
    upstreamHeadersTimeoutMs: 30_000,
  };
}
