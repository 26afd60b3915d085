import { and, asc, desc, eq, sql } from "drizzle-orm";
import type { Database } from "@/db/client";
import { isRowId } from "@/db/row-id";
import { machineSecrets, machines } from "@/db/schema";
import { recordAuditEvent } from "@/lib/audit/record-audit-event";
import type { UserMessageCode } from "@/lib/errors/user-messages";
import { MAX_LIVE_CLIENT_SECRETS, newClientSecret, type ClientSecretHasher } from "@/lib/oauth/client-secrets";
import { MCP_SCOPE } from "@/lib/oauth/paths";
import { cleanText } from "@/lib/text/clean-text";
import type { Clock } from "@/lib/time/clock";
import { newMachineClientId, publishMachineClient, withdrawMachineClient } from "./machine-client";

/**
 * Machine accounts (Settings → Machines): a tenant admin makes one with a name and MCP scopes no wider than the
 * workspace offers; its client id and first secret are shown once; a second secret can be made for rotation and the
 * old one retired; it can be disabled (its secrets are revoked at once, enabling it again restores none) or deleted.
 * Every change, and every refusal, is audited with the admin as actor. Each change is one transaction: the machine's
 * rows, its authorization-server client and the audit event commit together or not at all.
 */
export const MAX_MACHINES_PER_WORKSPACE = 50;
const MAX_NAME_CHARS = 60;

/** The scopes a workspace offers machines at the gateway: the one scope Gatehouse's access tokens for `/mcp` carry. */
export function scopesOfferedToMachines(): string[] {
  return [MCP_SCOPE];
}

export type MachineAdmin = { userId: string; tenantId: string; clientIp: string | null };

export type MachineView = {
  id: string;
  name: string;
  clientId: string;
  scopes: string[];
  status: "active" | "disabled";
  createdAt: Date;
  lastUsedAt: Date | null;
  secrets: { id: string; createdAt: Date }[];
};

export type MachineRefusalCode = Extract<
  UserMessageCode,
  "machine_name_invalid" | "machine_scopes_invalid" | "machine_too_many" | "machine_not_found" | "machine_secret_limit" | "machine_secret_last" | "machine_disabled"
>;
export type MachineRefusal = { ok: false; code: MachineRefusalCode; reference: string; field?: "name" | "scopes" };
/** A secret in the clear, returned once by the call that made it and never again. */
export type NewSecret = { clientId: string; clientSecret: string };

function validName(value: unknown): string | undefined {
  const name = cleanText(value).replace(/\s+/g, " ");
  if (name.length < 1 || name.length > MAX_NAME_CHARS || /\p{Cf}/u.test(name)) return undefined;
  return name;
}

function validScopes(values: unknown[]): string[] | undefined {
  const offered = scopesOfferedToMachines();
  if (values.length === 0 || !values.every((v): v is string => typeof v === "string" && offered.includes(v))) return undefined;
  return [...new Set(values)].sort();
}

type Tx = Database;
const inTransaction = <T>(db: Database, work: (tx: Tx) => Promise<T>) => db.transaction((tx) => work(tx as unknown as Tx));

async function refuse(db: Database, admin: MachineAdmin, kind: string, code: MachineRefusalCode, clock: Clock, detail: Record<string, unknown> = {}, field?: "name" | "scopes"): Promise<MachineRefusal> {
  const reference = await recordAuditEvent(db, { kind, outcome: "failure", actor: { type: "user", id: admin.userId }, tenantId: admin.tenantId, clientIp: admin.clientIp, detail: { reason: code, ...detail } }, clock);
  return { ok: false, code, reference, field };
}

function audit(tx: Tx, admin: MachineAdmin, kind: string, detail: Record<string, unknown>, clock: Clock) {
  return recordAuditEvent(tx, { kind, outcome: "success", actor: { type: "user", id: admin.userId }, tenantId: admin.tenantId, clientIp: admin.clientIp, detail }, clock);
}

async function liveHashes(tx: Tx, machineId: string): Promise<string[]> {
  const rows = await tx.select({ hash: machineSecrets.hash }).from(machineSecrets).where(eq(machineSecrets.machineId, machineId)).orderBy(desc(machineSecrets.createdAt), desc(machineSecrets.id));
  return rows.map((r) => r.hash);
}

/** The admin's workspace's machine, locked for the change (another workspace's machine is "not found"). */
async function lockedMachine(tx: Tx, admin: MachineAdmin, machineId: unknown) {
  if (!isRowId(machineId)) return undefined;
  const [row] = await tx.select().from(machines).where(and(eq(machines.id, machineId), eq(machines.tenantId, admin.tenantId))).for("update");
  return row;
}

export async function createMachine(
  db: Database,
  hasher: ClientSecretHasher,
  admin: MachineAdmin,
  input: { name: unknown; scopes: unknown[] },
  clock: Clock,
): Promise<{ ok: true; machine: MachineView; secret: NewSecret } | MachineRefusal> {
  const name = validName(input.name);
  if (!name) return refuse(db, admin, "machine.create_refused", "machine_name_invalid", clock, {}, "name");
  const scopes = validScopes(input.scopes);
  if (!scopes) return refuse(db, admin, "machine.create_refused", "machine_scopes_invalid", clock, {}, "scopes");
  const now = clock.now();
  const created = await inTransaction(db, async (tx) => {
    // Serialises creations in one workspace, so the limit holds under concurrent requests.
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`machines:${admin.tenantId}`}))`);
    const [count] = await tx.select({ n: sql<number>`count(*)::int` }).from(machines).where(eq(machines.tenantId, admin.tenantId));
    if ((count?.n ?? 0) >= MAX_MACHINES_PER_WORKSPACE) return undefined;
    const clientId = newMachineClientId();
    const clientSecret = newClientSecret();
    const [machine] = await tx.insert(machines).values({ tenantId: admin.tenantId, name, clientId, scopes: scopes.join(" "), createdAt: now, createdBy: admin.userId }).returning();
    const [secret] = await tx.insert(machineSecrets).values({ machineId: machine!.id, hash: hasher.hash(clientSecret), createdAt: now }).returning();
    await publishMachineClient(tx, { clientId, name }, [secret!.hash], hasher);
    await audit(tx, admin, "machine.created", { machineId: machine!.id, clientId, name, scopes }, clock);
    return { machine: viewOf(machine!, [secret!]), secret: { clientId, clientSecret } };
  });
  if (!created) return refuse(db, admin, "machine.create_refused", "machine_too_many", clock);
  return { ok: true, ...created };
}

function viewOf(row: typeof machines.$inferSelect, secrets: { id: string; createdAt: Date }[]): MachineView {
  return {
    id: row.id,
    name: row.name,
    clientId: row.clientId,
    scopes: row.scopes.split(" "),
    status: row.status,
    createdAt: row.createdAt,
    lastUsedAt: row.lastUsedAt,
    secrets: secrets.map((s) => ({ id: s.id, createdAt: s.createdAt })),
  };
}

/** The workspace's machines, newest first, each with its live secrets (their dates only, never a hash). */
export async function listMachines(db: Database, tenantId: string): Promise<MachineView[]> {
  const rows = await db.select().from(machines).where(eq(machines.tenantId, tenantId)).orderBy(desc(machines.createdAt), asc(machines.name));
  if (rows.length === 0) return [];
  const secrets = await db
    .select({ id: machineSecrets.id, machineId: machineSecrets.machineId, createdAt: machineSecrets.createdAt })
    .from(machineSecrets)
    .innerJoin(machines, eq(machines.id, machineSecrets.machineId))
    .where(eq(machines.tenantId, tenantId))
    .orderBy(asc(machineSecrets.createdAt));
  return rows.map((row) => viewOf(row, secrets.filter((s) => s.machineId === row.id)));
}

/** "New secret": a second live secret (for rotation), or the first of a machine enabled again. Shown once. */
export async function addMachineSecret(db: Database, hasher: ClientSecretHasher, admin: MachineAdmin, machineId: unknown, clock: Clock): Promise<{ ok: true; secret: NewSecret } | MachineRefusal> {
  const result = await inTransaction(db, async (tx) => {
    const machine = await lockedMachine(tx, admin, machineId);
    if (!machine) return "machine_not_found" as const;
    if (machine.status !== "active") return "machine_disabled" as const;
    const hashes = await liveHashes(tx, machine.id);
    if (hashes.length >= MAX_LIVE_CLIENT_SECRETS) return "machine_secret_limit" as const;
    const clientSecret = newClientSecret();
    const [secret] = await tx.insert(machineSecrets).values({ machineId: machine.id, hash: hasher.hash(clientSecret), createdAt: clock.now() }).returning();
    await publishMachineClient(tx, machine, [secret!.hash, ...hashes], hasher);
    await audit(tx, admin, "machine.secret_created", { machineId: machine.id, clientId: machine.clientId, secretId: secret!.id, liveSecrets: hashes.length + 1 }, clock);
    return { secret: { clientId: machine.clientId, clientSecret } };
  });
  if (typeof result === "string") return refuse(db, admin, "machine.secret_create_refused", result, clock, { machineId: String(machineId).slice(0, 64) });
  return { ok: true, ...result };
}

/** "Retire": one live secret stops working at its next use; the machine's other secret goes on. The last cannot go. */
export async function retireMachineSecret(db: Database, hasher: ClientSecretHasher, admin: MachineAdmin, input: { machineId: unknown; secretId: unknown }, clock: Clock): Promise<{ ok: true } | MachineRefusal> {
  const result = await inTransaction(db, async (tx) => {
    const machine = await lockedMachine(tx, admin, input.machineId);
    if (!machine || !isRowId(input.secretId)) return "machine_not_found" as const;
    const secrets = await tx.select().from(machineSecrets).where(eq(machineSecrets.machineId, machine.id));
    if (!secrets.some((s) => s.id === input.secretId)) return "machine_not_found" as const;
    if (secrets.length < 2) return "machine_secret_last" as const;
    await tx.delete(machineSecrets).where(eq(machineSecrets.id, input.secretId));
    const kept = secrets.filter((s) => s.id !== input.secretId).map((s) => s.hash);
    if (machine.status === "active") await publishMachineClient(tx, machine, kept, hasher);
    await audit(tx, admin, "machine.secret_retired", { machineId: machine.id, clientId: machine.clientId, secretId: input.secretId }, clock);
    return undefined;
  });
  if (result) return refuse(db, admin, "machine.secret_retire_refused", result, clock, { machineId: String(input.machineId).slice(0, 64) });
  return { ok: true };
}

/**
 * "Disable" revokes the machine's secrets and its client at once, and marks every token it holds as revoked (the
 * gateway refuses tokens issued before that instant). "Enable" lets it be used again once the admin makes a new
 * secret: no old secret comes back.
 */
export async function setMachineStatus(db: Database, admin: MachineAdmin, input: { machineId: unknown; status: unknown }, clock: Clock): Promise<{ ok: true; revokedSecrets: number } | MachineRefusal> {
  const status = input.status === "active" || input.status === "disabled" ? input.status : undefined;
  const result = await inTransaction(db, async (tx) => {
    const machine = status ? await lockedMachine(tx, admin, input.machineId) : undefined;
    if (!machine || !status) return "machine_not_found" as const;
    let revokedSecrets = 0;
    if (status === "disabled") {
      revokedSecrets = (await tx.delete(machineSecrets).where(eq(machineSecrets.machineId, machine.id)).returning({ id: machineSecrets.id })).length;
      await tx.update(machines).set({ status, credentialsRevokedAt: clock.now() }).where(eq(machines.id, machine.id));
      await withdrawMachineClient(tx, machine.clientId);
    } else await tx.update(machines).set({ status }).where(eq(machines.id, machine.id));
    await audit(tx, admin, status === "disabled" ? "machine.disabled" : "machine.enabled", { machineId: machine.id, clientId: machine.clientId, revokedSecrets }, clock);
    return { revokedSecrets };
  });
  if (typeof result === "string") return refuse(db, admin, "machine.status_refused", result, clock, { machineId: String(input.machineId).slice(0, 64) });
  return { ok: true, ...result };
}

/** "Delete": the machine, its secrets and its client go in one transaction; its tokens are refused at their next use. */
export async function deleteMachine(db: Database, admin: MachineAdmin, machineId: unknown, clock: Clock): Promise<{ ok: true } | MachineRefusal> {
  const result = await inTransaction(db, async (tx) => {
    const machine = await lockedMachine(tx, admin, machineId);
    if (!machine) return "machine_not_found" as const;
    const secrets = await tx.delete(machineSecrets).where(eq(machineSecrets.machineId, machine.id)).returning({ id: machineSecrets.id });
    await tx.delete(machines).where(eq(machines.id, machine.id));
    await withdrawMachineClient(tx, machine.clientId);
    await audit(tx, admin, "machine.deleted", { machineId: machine.id, clientId: machine.clientId, name: machine.name, revokedSecrets: secrets.length }, clock);
    return undefined;
  });
  if (result) return refuse(db, admin, "machine.delete_refused", result, clock, { machineId: String(machineId).slice(0, 64) });
  return { ok: true };
}
