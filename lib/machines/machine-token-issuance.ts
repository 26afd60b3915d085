import { and, eq, isNull, lte, or, sql } from "drizzle-orm";
import type { Database } from "@/db/client";
import { machines, tenants } from "@/db/schema";
import { recordAuditEvent } from "@/lib/audit/record-audit-event";
import type { Clock } from "@/lib/time/clock";
import { preparedPerDatabase } from "@/db/prepared-per-database";

/**
 * What the authorization server needs of a machine when it answers `grant_type=client_credentials`: its
 * workspace and scopes, found by the client id the request authenticated as. Only an active machine of an active
 * workspace gets a token (a disabled one has no client, so this is a second lock, not the first). The lookup is
 * made once per token request (the request context is the memo key) though the provider asks twice: for the
 * resource's scopes and for the token's claims.
 */
export type MachineOfToken = { id: string; tenantId: string; clientId: string; scopes: string[]; lastUsedAt: Date | null };

/** The claim that says an access token was issued to a machine; the gateway makes its principal a machine's. */
export const MACHINE_PRINCIPAL_CLAIM = { principal: "machine" } as const;

/** `last_used_at` is written at most this often per machine, so a busy machine rarely writes. */
export const MACHINE_LAST_USED_GRANULARITY_MS = 60_000;

export function machineLookupPerRequest(db: Database) {
  const memo = new WeakMap<object, Promise<MachineOfToken | undefined>>();
  return (request: object, clientId: string): Promise<MachineOfToken | undefined> => {
    let found = memo.get(request);
    if (!found) memo.set(request, (found = findActiveMachine(db, clientId)));
    return found;
  };
}

// The grant's query, prepared once per database handle (building a query is a good part of its CPU).
function prepareActiveMachineLookup(db: Database) {
  return db
    .select({ id: machines.id, tenantId: machines.tenantId, clientId: machines.clientId, scopes: machines.scopes, lastUsedAt: machines.lastUsedAt })
    .from(machines)
    .innerJoin(tenants, eq(tenants.id, machines.tenantId))
    .where(and(eq(machines.clientId, sql.placeholder("clientId")), eq(machines.status, "active"), eq(tenants.status, "active")))
    .prepare("active_machine_by_client_id");
}

const lookups = preparedPerDatabase(prepareActiveMachineLookup);

export async function findActiveMachine(db: Database, clientId: string): Promise<MachineOfToken | undefined> {
  const lookup = lookups(db);
  const [row] = await lookup.execute({ clientId });
  return row ? { ...row, scopes: row.scopes.split(" ") } : undefined;
}

/** A token was issued to the machine: audited, and its last use noted (coarsely). */
export async function recordMachineTokenIssued(db: Database, machine: MachineOfToken, details: { scopes: string[]; clientIp: string | null }, clock: Clock): Promise<void> {
  const now = clock.now();
  const stale = new Date(now.getTime() - MACHINE_LAST_USED_GRANULARITY_MS);
  // Read with the machine: a busy machine's grants skip the write (and its round trip) for a minute.
  if (!machine.lastUsedAt || machine.lastUsedAt <= stale)
    await db
      .update(machines)
      .set({ lastUsedAt: now })
      .where(and(eq(machines.id, machine.id), or(isNull(machines.lastUsedAt), lte(machines.lastUsedAt, stale))));
  await recordAuditEvent(
    db,
    { kind: "machine.token_issued", outcome: "success", actor: { type: "system", label: machine.clientId }, tenantId: machine.tenantId, clientIp: details.clientIp, detail: { machineId: machine.id, clientId: machine.clientId, scopes: details.scopes } },
    clock,
  );
}
