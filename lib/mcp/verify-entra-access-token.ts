import { decodeJwt, decodeProtectedHeader, type JWTPayload } from "jose";
import type { Database } from "@/db/client";
import { expectedEntraIssuer } from "@/lib/entra/issuer";
import { isTenantGuid } from "@/lib/entra/tenant-ids";
import { IdpUnreachableError } from "@/lib/oidc/idp-outage";
import type { IssuerViews } from "@/lib/signin/issuer-view";
import { verifyIdTokenSignature } from "@/lib/signin/verify-id-token-signature";
import type { Clock } from "@/lib/time/clock";
import { findMcpAccessByDirectory, type McpAccessWorkspace } from "./access-config";
import { invalidToken, type CredentialRefusal, type RefusalFacts } from "./credential-refusal";
import type { VerifiedPrincipal } from "./principal";
import { isAppOnlyToken, verifyEntraAppToken } from "./verify-entra-app-token";

/**
 * An Entra access token for a workspace's MCP API app, verified into a principal (research §9, issue 12 §4):
 *
 *  0. the workspace is found by the token's (`tid`, `aud`) in one indexed lookup — before anything is fetched, so a
 *     token naming a directory no workspace configured costs no call to Entra; on `/t/<key>/mcp` it must be that
 *     workspace;
 *  1. the signature: RS256 only, the directory's published key named by `kid` (cached; an unknown `kid` refetches
 *     at most once per cooldown; the last good keys keep serving while Entra is unreachable), and the key's own
 *     `issuer` honoured — a key must sign for this directory;
 *  2. `iss` exactly `{MS_AUTHORITY_HOST}/{tid}/v2.0`, or `https://sts.windows.net/{tid}/` for a v1 token where the
 *     workspace accepts v1 (otherwise refused, telling the admin to set `requestedAccessTokenVersion: 2`);
 *  3. `aud` the configured audience (v1: the GUID or `api://<GUID>`);
 *  4. `exp` and `nbf` with at most 60 seconds of skew, on the Clock given;
 *  5. `tid` the configured directory;
 *  6. `scp` (space-separated) contains the required scope — else 403 `insufficient_scope`;
 *  7. `oid` is provisioned in the workspace and still a member of it (read by step 0's one query, judged last).
 * An app-only token (client credentials: `idtyp: app`, `roles`, no `scp`) takes steps 0–5, then the rules of
 * verify-entra-app-token.ts (a registered, enabled application, authorized on `roles`) instead of 6–7.
 * The identity is (`tid`, `oid`); `email`, `preferred_username` and `upn` are never used.
 */
export type EntraVerifierDeps = { db: Database; views: IssuerViews; authorityHost: string; clock: Clock };

export type EntraVerification = { ok: true; principal: VerifiedPrincipal; access: McpAccessWorkspace; expiresAt: Date } | CredentialRefusal;

export const CLOCK_SKEW_SECONDS = 60;
const V1_ISSUER = (tid: string) => `https://sts.windows.net/${tid}/`;

export async function verifyEntraAccessToken(deps: EntraVerifierDeps, token: string, target: { workspaceKey?: string } = {}): Promise<EntraVerification> {
  let claims: JWTPayload;
  try {
    decodeProtectedHeader(token);
    claims = decodeJwt(token);
  } catch {
    return invalidToken("malformed", "mcp_token_malformed");
  }
  const tid = claims.tid;
  const version = claims.ver === "1.0" ? 1 : claims.ver === "2.0" ? 2 : undefined;
  const aud = typeof claims.aud === "string" ? claims.aud : undefined;
  const oid = typeof claims.oid === "string" ? claims.oid : undefined;
  const facts: RefusalFacts = { tid: typeof tid === "string" ? tid : undefined, oid, aud, ver: typeof claims.ver === "string" ? claims.ver : undefined };
  if (!isTenantGuid(tid) || !aud || version === undefined) return invalidToken("not_an_entra_access_token", "mcp_token_malformed", facts);

  // 0. The workspace, by (tid, audience GUID). v1 tokens may name the API by its App ID URI `api://<GUID>`.
  const audienceGuid = aud.toLowerCase().replace(/^api:\/\//, "");
  const access = await findMcpAccessByDirectory(deps.db, tid, audienceGuid, oid);
  if (!access) return invalidToken("no_workspace_for_directory_and_audience", "mcp_token_unknown_directory", facts);
  facts.workspaceId = access.tenantId;
  facts.requiredScope = `api://${access.audience}/${access.requiredScope}`;
  if (target.workspaceKey !== undefined && target.workspaceKey !== access.workspaceKey) return invalidToken("other_workspace", "mcp_token_other_workspace", facts);
  if (!access.workspaceActive) return invalidToken("workspace_disabled", "tenant_disabled", facts);

  // 1. Signature, with this directory's keys. A v1 token is signed by the same keys; each key states the (v2)
  //    issuer it signs for, so the key check is made against the directory's v2 issuer for both versions.
  const v2Issuer = expectedEntraIssuer(deps.authorityHost, access.entraTenantId);
  try {
    const view = await deps.views.view(v2Issuer);
    const signature = await verifyIdTokenSignature(token, { algorithms: ["RS256"], keys: view.keys }, { iss: v2Issuer, tid: access.entraTenantId });
    if (!signature.ok) return invalidToken(`signature_${signature.problem}`, "mcp_token_signature", facts);
  } catch (error) {
    if (error instanceof IdpUnreachableError) return { ok: false, status: 503, error: "temporarily_unavailable", reason: "entra_unreachable", message: "idp_unreachable", facts };
    return invalidToken("directory_keys_unavailable", "mcp_token_signature", facts);
  }

  // 2. Issuer, by version.
  if (version === 1 && !access.acceptV1Tokens) return invalidToken("v1_token_not_accepted", "mcp_token_v1_not_accepted", facts);
  const expectedIssuer = version === 2 ? v2Issuer : V1_ISSUER(access.entraTenantId);
  if (claims.iss !== expectedIssuer) return invalidToken("issuer_mismatch", "mcp_token_issuer", facts);

  // 3. Audience.
  const audiences = version === 2 ? [access.audience] : [access.audience, `api://${access.audience}`];
  if (!audiences.includes(aud)) return invalidToken("audience_mismatch", "mcp_token_audience", facts);

  // 4. Lifetime.
  const now = Math.floor(deps.clock.now().getTime() / 1000);
  if (typeof claims.exp !== "number" || claims.exp + CLOCK_SKEW_SECONDS <= now) return invalidToken("expired", "mcp_token_expired", facts);
  if (claims.nbf !== undefined && (typeof claims.nbf !== "number" || claims.nbf - CLOCK_SKEW_SECONDS > now))
    return invalidToken("not_yet_valid", "mcp_token_expired", facts);

  // The token's own `exp`, without the skew allowed above: how long a verdict on it may be kept.
  const expiresAt = new Date(claims.exp * 1000);

  // 5. Directory.
  if (tid !== access.entraTenantId) return invalidToken("tenant_mismatch", "mcp_token_issuer", facts);

  if (isAppOnlyToken(claims)) {
    const app = await verifyEntraAppToken(deps.db, claims, access, facts);
    return app.ok ? { ...app, access, expiresAt } : app;
  }

  // 6. Scope (delegated tokens only carry `scp`).
  const scopes = typeof claims.scp === "string" ? claims.scp.split(" ").filter(Boolean) : [];
  if (!scopes.includes(access.requiredScope)) return { ok: false, status: 403, error: "insufficient_scope", reason: "scope_missing", message: "mcp_token_scope", facts };

  // 7. The person must be provisioned in the workspace.
  if (!oid) return invalidToken("oid_missing", "mcp_token_malformed", facts);
  const provisioned = access.provisioned;
  if (!provisioned) return invalidToken("user_not_provisioned", "mcp_user_not_provisioned", facts);

  return {
    ok: true,
    access,
    expiresAt,
    principal: {
      kind: "user",
      workspace: { id: access.tenantId, key: access.workspaceKey },
      subject: provisioned.userId,
      email: provisioned.email,
      // The token's scopes, and those the person's groups give in this workspace (group mappings, set at sign-in).
      scopes: [...new Set([...scopes, ...provisioned.groupScopes])],
      credential: "entra_access_token",
      entra: { tid, oid: oid.toLowerCase() },
    },
  };
}
