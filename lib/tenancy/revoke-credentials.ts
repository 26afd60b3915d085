import { and, eq, inArray, isNull, or, type SQL } from "drizzle-orm";
import type { Database } from "@/db/client";
import { oauthConsents, oauthModels, personalApiKeys } from "@/db/schema";
import { revokeWorkspaceMachineCredentials } from "@/lib/machines/revoke-machine-credentials";
import type { Clock } from "@/lib/time/clock";

/**
 * Revokes the credentials other than sessions that a person (or everyone of a workspace) holds: personal API keys,
 * and OAuth grants given to clients with every token of each (refresh tokens stop at once; an access token already
 * issued is refused by the MCP gateway when the person or workspace is gone, else lasts its 15 minutes at most).
 * For a whole workspace, also its machine accounts' secrets and tokens
 * (lib/machines/revoke-machine-credentials.ts: refused at their next use). Runs inside the caller's transaction,
 * which also ends the sessions and writes the one audit event that says what was revoked.
 */
export type RevokedCredentials = { apiKeys: number; grants: number; machineSecrets: number };

export async function revokeCredentials(tx: Database, scope: { userId?: string; tenantId?: string }, clock: Clock): Promise<RevokedCredentials> {
  const keyScope: SQL[] = [isNull(personalApiKeys.revokedAt)];
  const grantScope: SQL[] = [];
  if (scope.userId) {
    keyScope.push(eq(personalApiKeys.userId, scope.userId));
    grantScope.push(eq(oauthConsents.userId, scope.userId));
  }
  if (scope.tenantId) {
    keyScope.push(eq(personalApiKeys.tenantId, scope.tenantId));
    grantScope.push(eq(oauthConsents.tenantId, scope.tenantId));
  }
  if (grantScope.length === 0) throw new Error("revokeCredentials needs a person or a workspace");
  const keys = await tx.update(personalApiKeys).set({ revokedAt: clock.now() }).where(and(...keyScope)).returning({ id: personalApiKeys.id });
  const grants = await tx.delete(oauthConsents).where(and(...grantScope)).returning({ grantId: oauthConsents.grantId });
  const grantIds = grants.map((g) => g.grantId);
  if (grantIds.length)
    await tx.delete(oauthModels).where(or(inArray(oauthModels.grantId, grantIds), and(eq(oauthModels.model, "Grant"), inArray(oauthModels.id, grantIds))));
  // Machines belong to the workspace, not to a person: only a workspace's offboarding revokes theirs.
  const machineSecrets = scope.tenantId && !scope.userId ? (await revokeWorkspaceMachineCredentials(tx, scope.tenantId, clock)).secrets : 0;
  return { apiKeys: keys.length, grants: grantIds.length, machineSecrets };
}
