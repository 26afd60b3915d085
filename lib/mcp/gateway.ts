import type { Agent, IncomingMessage, ServerResponse } from "node:http";
import type { Database } from "@/db/client";
import { recordAuditEvent } from "@/lib/audit/record-audit-event";
import type { IdpFetch } from "@/lib/signin/issuer-view";
import type { Clock } from "@/lib/time/clock";
import { findWorkspaceForMcp } from "./access-config";
import type { AssertionReuse } from "./assertion-reuse";
import type { AssertionSigningKey } from "./assertion-signing-key";
import { bearerCredential } from "./bearer-credential";
import type { CredentialRefusal, RefusalFacts } from "./credential-refusal";
import { bearerChallenge, sendJsonRpcError } from "./gateway-answers";
import { signIdentityAssertion } from "./identity-assertion";
import { mcpPath, protectedResourceMetadataUrl } from "./mcp-urls";
import type { RefusalThrottle } from "./refusal-throttle";
import { proxyToUpstream } from "./upstream-proxy";
import type { PrincipalCache } from "./principal-cache";
import type { CredentialTarget, CredentialVerification } from "./verify-credential";

/**
 * The MCP gateway: `/mcp` (any workspace, found by the credential) and `/t/<key>/mcp` (one workspace). One request:
 *   method (POST, GET, DELETE) → refusals throttled per address? → upstream configured? → the workspace (on its
 *   own URL) → the bearer credential from the Authorization header only → verified into a principal (one verifier
 *   per credential kind, verify-credential.ts; kept a short while by principal-cache.ts) → a 60-second identity
 *   assertion (reused for the principal's requests in its first 30 seconds) → streamed to the upstream.
 * Every refusal is audited with its reason and the token's `tid`, `oid`, `aud` (never the token) and answered with
 * the MCP spec's challenge and the audit reference.
 */
export type McpGateway = {
  db: Database;
  clock: Clock;
  /** Calls to Entra (the token endpoint the workspaces' authorization servers forward to). */
  fetch: IdpFetch;
  authorityHost: string;
  /** API_PUBLIC_URL: the assertion's issuer. */
  issuer: string;
  upstreamUrl: URL | undefined;
  upstreamAgent: Agent;
  /** The bearer credential → a verified principal: verify-credential.ts's seam behind the principal cache. */
  verify(token: string, target: CredentialTarget): Promise<CredentialVerification>;
  principals: PrincipalCache;
  /** Settles once the listening for credential changes first connected (or failed to; it keeps trying). */
  listening: Promise<void>;
  assertionKey: () => Promise<AssertionSigningKey>;
  /** A principal's assertion, signed again once half its life is over (assertion-reuse.ts). */
  assertionFor: AssertionReuse;
  throttle: RefusalThrottle;
  maxBodyBytes: number;
  readBufferBytes: number;
  upstreamHeadersTimeoutMs: number;
};

export type McpRequestTarget = { origin: string; clientIp: string; workspaceKey?: string };

const METHODS = ["POST", "GET", "DELETE"];

export async function serveMcpRequest(gateway: McpGateway, req: IncomingMessage, res: ServerResponse, target: McpRequestTarget): Promise<void> {
  const method = req.method ?? "GET";
  if (!METHODS.includes(method)) return sendJsonRpcError(res, 405, "mcp_method_not_allowed", { headers: { allow: METHODS.join(", ") } });
  if (gateway.throttle.isThrottled(target.clientIp)) return sendJsonRpcError(res, 429, "mcp_refusals_throttled", { headers: { "retry-after": "60" } });
  if (!gateway.upstreamUrl) return sendJsonRpcError(res, 503, "mcp_not_configured");

  const challenge = { resourceMetadata: protectedResourceMetadataUrl(target.origin, target.workspaceKey), scope: undefined as string | undefined };
  // On its own URL, a workspace is looked up only to refuse: an unknown one is 404, one without MCP access is 404 and
  // audited, and the challenge names its scope. Every verifier already refuses a credential of another workspace,
  // so an accepted request costs no lookup of its own.
  const refuse = async (refusal: Pick<CredentialRefusal, "reason" | "message"> & { status: number; error?: string; facts?: RefusalFacts }, withChallenge = true) => {
    if (target.workspaceKey !== undefined) {
      const workspace = await findWorkspaceForMcp(gateway.db, target.workspaceKey);
      if (!workspace) return sendJsonRpcError(res, 404, "mcp_workspace_not_found");
      if (!workspace.access && refusal.reason !== "mcp_access_not_configured")
        return refuse({ status: 404, reason: "mcp_access_not_configured", message: "mcp_access_not_configured", facts: { workspaceId: workspace.id } }, false);
      if (workspace.access) challenge.scope = `api://${workspace.access.audience}/${workspace.access.requiredScope}`;
    }
    gateway.throttle.recordRefusal(target.clientIp);
    const facts = refusal.facts ?? {};
    const reference = await recordAuditEvent(
      gateway.db,
      {
        kind: "mcp.request_refused",
        outcome: "failure",
        actor: { type: "anonymous", label: facts.oid ? `entra:${facts.tid}:${facts.oid}` : facts.keyId ? `api_key:${facts.keyId}` : null },
        tenantId: facts.workspaceId ?? null,
        clientIp: target.clientIp,
        detail: { reason: refusal.reason, endpoint: mcpPath(target.workspaceKey), tid: facts.tid, oid: facts.oid, aud: facts.aud, ver: facts.ver, keyId: facts.keyId, appId: facts.appId },
      },
      gateway.clock,
    );
    const headers: Record<string, string> = { "x-gatehouse-reference": reference };
    const scope = challenge.scope ?? facts.requiredScope;
    if (withChallenge) headers["www-authenticate"] = bearerChallenge({ ...challenge, scope, error: refusal.error, description: refusal.error ? refusal.message : undefined });
    sendJsonRpcError(res, refusal.status, refusal.message, { headers, reference });
  };

  if (new URL(req.url ?? "/", "http://gatehouse.invalid").searchParams.has("access_token"))
    return refuse({ status: 400, error: "invalid_request", reason: "token_in_query", message: "mcp_token_in_query" });
  const credential = bearerCredential(req.headers.authorization);
  if (credential.kind === "none") return refuse({ status: 401, reason: "token_missing", message: "mcp_token_required" });
  if (credential.kind === "malformed") return refuse({ status: 400, error: "invalid_request", reason: "authorization_malformed", message: "mcp_token_malformed" });

  const verified = await gateway.verify(credential.token, { workspaceKey: target.workspaceKey });
  if (!verified.ok) return refuse(verified, verified.status !== 503);

  const upstreamUrl = gateway.upstreamUrl;
  const assertion = await gateway.assertionFor(verified.principal, async () =>
    signIdentityAssertion(verified.principal, { issuer: gateway.issuer, audience: upstreamUrl.href, key: await gateway.assertionKey(), clock: gateway.clock }),
  );
  await proxyToUpstream(req, res, {
    upstreamUrl,
    assertion,
    agent: gateway.upstreamAgent,
    maxBodyBytes: gateway.maxBodyBytes,
    readBufferBytes: gateway.readBufferBytes,
    headersTimeoutMs: gateway.upstreamHeadersTimeoutMs,
  });
}
