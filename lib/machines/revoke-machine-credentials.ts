import { and, eq, inArray } from "drizzle-orm";
import type { Database } from "@/db/client";
import { machineSecrets, machines, oauthModels } from "@/db/schema";
import type { Clock } from "@/lib/time/clock";

/**
 * The machine part of a workspace's offboarding (lib/tenancy/revoke-credentials.ts): every machine's secrets are
 * deleted and its client removed (the token endpoint refuses them `invalid_client`), and its tokens already issued
 * are marked revoked (the gateway refuses them at their next request). The machines themselves stay, with no
 * secret: the admin of a workspace enabled again makes new ones. Runs inside the caller's transaction.
 */
export async function revokeWorkspaceMachineCredentials(tx: Database, tenantId: string, clock: Clock): Promise<{ machines: number; secrets: number }> {
  const revoked = await tx.update(machines).set({ credentialsRevokedAt: clock.now() }).where(eq(machines.tenantId, tenantId)).returning({ id: machines.id, clientId: machines.clientId });
  if (revoked.length === 0) return { machines: 0, secrets: 0 };
  const secrets = await tx.delete(machineSecrets).where(inArray(machineSecrets.machineId, revoked.map((m) => m.id))).returning({ id: machineSecrets.id });
  // The machines' clients (lib/oauth/stored-clients.ts keeps them as `Client` rows), all in one statement.
  await tx.delete(oauthModels).where(and(eq(oauthModels.model, "Client"), inArray(oauthModels.id, revoked.map((m) => m.clientId))));
  return { machines: revoked.length, secrets: secrets.length };
}
