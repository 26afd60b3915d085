import { eq } from "drizzle-orm";
import type { Database } from "@/db/client";
import { tenants } from "@/db/schema";
import { machineTokenStanding } from "@/lib/machines/machine-token-standing";
import type { GatehouseAccessTokenVerifier } from "@/lib/oauth/verify-access-token";
import { invalidToken } from "./credential-refusal";
import { mcpUrl } from "./mcp-urls";
import { personTokenStanding } from "./person-token-standing";
import type { CredentialVerifier } from "./verify-credential";
import type { WorkspaceChanges } from "./workspace-changes";

/**
 * Access tokens Gatehouse's own authorization server issued (RFC 9068, `aud` = `{API_PUBLIC_URL}/mcp`) as a gateway
 * credential kind. The signature is checked against the authorization server's in-memory key ring and the workspace
 * comes from the token, so a request costs no database round trip once the workspace's key is known (keys of
 * workspaces never change, so they are cached for the process's life). A person's token issued before a change of
 * its workspace that the gateway has heard since (`changes`, fed by the database's announcements) is the exception:
 * one indexed lookup says whether the workspace is still active and the person still a member, so a person removed
 * or a workspace disabled is refused at the next request. A consent revoked on Connected apps ends the refresh
 * token at once but not an access token already issued, which lasts until it expires (15 minutes at most): the
 * bound the README states. A machine account's token
 * (client credentials, `principal: "machine"`) is the exception: it costs one indexed lookup per request, so a
 * deleted or disabled machine, or one whose workspace was offboarded, is refused at its next request.
 */
export function gatehouseCredentialVerifier(deps: {
  issuer: string;
  verify: () => GatehouseAccessTokenVerifier | undefined;
  db: Database;
  changes?: WorkspaceChanges;
}): CredentialVerifier {
  const workspaceKeys = new Map<string, string>();
  const keyOf = async (tenantId: string) => {
    const known = workspaceKeys.get(tenantId);
    if (known) return known;
    const [row] = await deps.db.select({ key: tenants.key, status: tenants.status }).from(tenants).where(eq(tenants.id, tenantId));
    if (!row || row.status !== "active") return undefined;
    workspaceKeys.set(tenantId, row.key);
    return row.key;
  };
  return {
    kind: "gatehouse_access_token",
    recognizes: (claims) => claims.iss === deps.issuer,
    async verify(token, target) {
      const verify = deps.verify();
      if (!verify) return invalidToken("issuer_unavailable", "mcp_token_malformed");
      const result = await verify(token, { resource: mcpUrl(deps.issuer) });
      if (!result.ok)
        return invalidToken(result.code, result.code === "token_expired" || result.code === "token_not_yet_valid" ? "mcp_token_expired" : result.code === "token_wrong_audience" ? "mcp_token_audience" : "mcp_token_signature");
      const { principal } = result;
      if (!principal.workspace) return invalidToken("no_workspace", "mcp_workspace_not_found");
      if (principal.kind === "machine") {
        const standing = await machineTokenStanding(deps.db, { clientId: principal.sub, workspace: principal.workspace, issuedAt: principal.issuedAt });
        if (!standing.ok) return invalidToken(standing.reason, standing.reason === "workspace_unavailable" ? "mcp_workspace_not_found" : "mcp_machine_revoked", { workspaceId: principal.workspace });
        if (target.workspaceKey && target.workspaceKey !== standing.tenantKey) return invalidToken("other_workspace", "mcp_token_other_workspace", { workspaceId: principal.workspace });
        return {
          ok: true,
          principal: { kind: "machine", workspace: { id: principal.workspace, key: standing.tenantKey }, subject: principal.sub, email: null, scopes: principal.scopes, credential: "gatehouse_access_token" },
          expiresAt: principal.expiresAt,
        };
      }
      let key: string | undefined;
      if (deps.changes?.predatesChange(principal.workspace, principal.issuedAt)) {
        const standing = await personTokenStanding(deps.db, { userId: principal.sub, tenantId: principal.workspace });
        if (!standing.ok)
          return invalidToken(standing.reason, standing.reason === "member_removed" ? "mcp_token_member_removed" : "mcp_workspace_not_found", { workspaceId: principal.workspace });
        key = standing.tenantKey;
      } else key = await keyOf(principal.workspace);
      if (!key) return invalidToken("workspace_unavailable", "mcp_workspace_not_found", { workspaceId: principal.workspace });
      if (target.workspaceKey && target.workspaceKey !== key) return invalidToken("other_workspace", "mcp_token_other_workspace", { workspaceId: principal.workspace });
      return {
        ok: true,
        principal: { kind: "user", workspace: { id: principal.workspace, key }, subject: principal.sub, email: principal.email, scopes: principal.scopes, credential: "gatehouse_access_token" },
        expiresAt: principal.expiresAt,
      };
    },
  };
}
