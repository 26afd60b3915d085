import type { Database } from "@/db/client";
import { looksLikeApiKey, type ApiKeyHasher } from "@/lib/api-keys/api-key-secret";
import { LAST_USED_GRANULARITY_MS, recordApiKeyUse, verifyApiKey } from "@/lib/api-keys/personal-api-keys";
import type { Clock } from "@/lib/time/clock";
import { invalidToken } from "./credential-refusal";
import type { CredentialUse, CredentialVerifier } from "./verify-credential";

/**
 * Personal API keys (`ghk_…`) as a gateway credential kind, recognised by their prefix (they are not JWTs). The
 * principal is the key's owner in the workspace the key was made in, with the key's scopes; a revoked or expired
 * key, or one whose owner has left that workspace, is refused 401 at its next use.
 */
export function apiKeyCredentialVerifier(deps: { db: Database; hasher: ApiKeyHasher; clock: Clock }): CredentialVerifier {
  return {
    kind: "personal_api_key",
    recognizes: () => false,
    recognizesOpaque: looksLikeApiKey,
    async verify(token, target) {
      const result = await verifyApiKey(deps.db, deps.hasher, token, deps.clock);
      if (!result.ok) return invalidToken(result.reason, result.message, { workspaceId: result.tenantId, keyId: result.lookupId });
      const { principal } = result;
      if (target.workspaceKey && target.workspaceKey !== principal.tenantKey)
        return invalidToken("other_workspace", "mcp_token_other_workspace", { workspaceId: principal.tenantId, keyId: principal.lookupId });
      return {
        ok: true,
        principal: {
          kind: "user",
          workspace: { id: principal.tenantId, key: principal.tenantKey },
          subject: principal.userId,
          email: principal.email,
          scopes: principal.scopes,
          credential: "personal_api_key",
        },
        expiresAt: principal.expiresAt,
        use: usesOf(deps.db, principal.id, principal.lastUsedAt),
      };
    },
  };
}

/** The key's "last used", recorded at most once a minute however its uses are answered (verified, or from the cache). */
function usesOf(db: Database, id: string, lastUsedAt: Date): CredentialUse {
  const dueAfter = (at: Date) => new Date(at.getTime() + LAST_USED_GRANULARITY_MS);
  return {
    dueAt: dueAfter(lastUsedAt),
    record: async (now) => dueAfter(await recordApiKeyUse(db, { id, lastUsedAt: null }, now)),
  };
}
