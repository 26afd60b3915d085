import { eq, sql } from "drizzle-orm";
import type { Database } from "@/db/client";
import { machines, tenants } from "@/db/schema";
import { preparedPerDatabase } from "@/db/prepared-per-database";

/**
 * Whether an access token a machine was issued may still be used at the gateway: the machine still exists (not
 * deleted), is active, belongs to the workspace the token names, that workspace is active, and the token was issued
 * after the machine's credentials were last revoked (disabling, or the workspace's offboarding). One query on the
 * client id's unique index, prepared once per database handle: a machine's token is refused at its next request
 * after any of these changes, on every instance, rather than when it expires.
 */
export type MachineTokenStanding =
  | { ok: true; machineId: string; tenantKey: string; name: string }
  | { ok: false; reason: "machine_deleted" | "machine_disabled" | "machine_other_workspace" | "machine_credentials_revoked" | "workspace_unavailable" };

function prepareStandingLookup(db: Database) {
  return db
    .select({ id: machines.id, name: machines.name, tenantId: machines.tenantId, status: machines.status, revokedAt: machines.credentialsRevokedAt, tenantKey: tenants.key, tenantStatus: tenants.status })
    .from(machines)
    .innerJoin(tenants, eq(tenants.id, machines.tenantId))
    .where(eq(machines.clientId, sql.placeholder("clientId")))
    .prepare("machine_token_standing");
}

const lookups = preparedPerDatabase(prepareStandingLookup);

export async function machineTokenStanding(db: Database, token: { clientId: string; workspace: string; issuedAt: Date | null }): Promise<MachineTokenStanding> {
  const lookup = lookups(db);
  const [row] = await lookup.execute({ clientId: token.clientId });
  if (!row) return { ok: false, reason: "machine_deleted" };
  if (row.tenantId !== token.workspace) return { ok: false, reason: "machine_other_workspace" };
  if (row.status !== "active") return { ok: false, reason: "machine_disabled" };
  if (row.tenantStatus !== "active") return { ok: false, reason: "workspace_unavailable" };
  // `iat` has whole seconds: a token issued in the second of the revocation is refused too.
  if (row.revokedAt && (!token.issuedAt || token.issuedAt.getTime() < Math.floor(row.revokedAt.getTime() / 1000) * 1000 + 1000)) return { ok: false, reason: "machine_credentials_revoked" };
  return { ok: true, machineId: row.id, tenantKey: row.tenantKey, name: row.name };
}
