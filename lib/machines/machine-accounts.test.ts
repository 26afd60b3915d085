import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { auditEvents, machineSecrets, machines, oauthModels } from "@/db/schema";
import { withTestDatabase } from "@/db/testing/test-database";
import { clientSecretHasher } from "@/lib/oauth/client-secrets";
import { createTenant } from "@/lib/testing/fixtures";
import { frozenClock } from "@/lib/time/clock";
import { addMachineSecret, createMachine, deleteMachine, listMachines, retireMachineSecret, setMachineStatus, type MachineAdmin } from "./machine-accounts";

const t = withTestDatabase();
const clock = frozenClock("2026-07-01T09:00:00Z");
const hasher = clientSecretHasher(new Uint8Array(32).fill(9));
let n = 0;

async function workspaceAdmin(): Promise<MachineAdmin> {
  n += 1;
  const tenant = await createTenant(t.db, `machines-${n}`, `Machines ${n}`);
  return { userId: `admin-${n}`, tenantId: tenant.id, clientIp: "10.1.0.1" };
}

async function made(admin: MachineAdmin, name = "Nightly report") {
  const result = await createMachine(t.db, hasher, admin, { name, scopes: ["mcp"] }, clock);
  if (!result.ok) throw new Error(result.code);
  return result;
}

const clientRow = async (clientId: string) => (await t.db.select().from(oauthModels).where(and(eq(oauthModels.model, "Client"), eq(oauthModels.id, clientId))))[0];
const auditOf = (kind: string, tenantId: string) => t.db.select().from(auditEvents).where(and(eq(auditEvents.kind, kind), eq(auditEvents.tenantId, tenantId)));

describe("machine accounts", () => {
  it("creates a machine whose secret is returned once and stored only as a keyed hash, on its row and on its OAuth client", async () => {
    const admin = await workspaceAdmin();
    const { machine, secret } = await made(admin);
    expect(secret.clientId).toMatch(/^ghm_[A-Za-z0-9_-]{27}$/);
    expect(secret.clientSecret.length).toBeGreaterThanOrEqual(43);
    const [stored] = await t.db.select().from(machineSecrets).where(eq(machineSecrets.machineId, machine.id));
    expect(stored!.hash).toBe(hasher.hash(secret.clientSecret));
    const client = await clientRow(secret.clientId);
    expect(client!.payload).toMatchObject({ client_id: secret.clientId, grant_types: ["client_credentials"], token_endpoint_auth_method: "client_secret_basic" });
    expect(JSON.stringify(client!.payload)).not.toContain(secret.clientSecret);
    expect(hasher.matches(secret.clientSecret, client!.payload.client_secret as string)).toBe(true);
    const [created] = await auditOf("machine.created", admin.tenantId);
    expect(created).toMatchObject({ actorType: "user", actorId: admin.userId, outcome: "success" });
    expect(JSON.stringify(created!.detail)).not.toContain(secret.clientSecret);
    expect((await listMachines(t.db, admin.tenantId)).map((m) => m.name)).toEqual(["Nightly report"]);
  });

  it("refuses a bad name or scope with a referenced audit event and writes nothing", async () => {
    const admin = await workspaceAdmin();
    for (const input of [
      { name: "", scopes: ["mcp"] },
      { name: "x".repeat(61), scopes: ["mcp"] },
      { name: "bad\u202Ename", scopes: ["mcp"] },
      { name: 42, scopes: ["mcp"] },
      { name: "Ok", scopes: [] },
      { name: "Ok", scopes: ["admin"] },
      { name: "Ok", scopes: [{ scope: "mcp" }] },
    ]) {
      const result = await createMachine(t.db, hasher, admin, input, clock);
      expect(result).toMatchObject({ ok: false, code: expect.stringMatching(/^machine_(name|scopes)_invalid$/), reference: expect.stringMatching(/^GH-/) });
    }
    expect(await t.db.select().from(machines).where(eq(machines.tenantId, admin.tenantId))).toHaveLength(0);
    expect(await auditOf("machine.create_refused", admin.tenantId)).toHaveLength(7);
  });

  it("holds two live secrets for rotation, refuses a third, and never retires the last one", async () => {
    const admin = await workspaceAdmin();
    const { machine, secret: first } = await made(admin);
    clock.advance(60_000);
    const second = await addMachineSecret(t.db, hasher, admin, machine.id, clock);
    if (!second.ok) throw new Error(second.code);
    expect(second.secret.clientSecret).not.toBe(first.clientSecret);
    const stored = (await clientRow(first.clientId))!.payload.client_secret as string;
    expect(hasher.matches(first.clientSecret, stored) && hasher.matches(second.secret.clientSecret, stored)).toBe(true);
    expect(await addMachineSecret(t.db, hasher, admin, machine.id, clock)).toMatchObject({ ok: false, code: "machine_secret_limit" });

    const [old, newer] = (await listMachines(t.db, admin.tenantId))[0]!.secrets;
    expect(newer!.createdAt.getTime() - old!.createdAt.getTime()).toBe(60_000);
    expect(await retireMachineSecret(t.db, hasher, admin, { machineId: machine.id, secretId: old!.id }, clock)).toEqual({ ok: true });
    const after = (await clientRow(first.clientId))!.payload.client_secret as string;
    expect(hasher.matches(first.clientSecret, after)).toBe(false);
    expect(hasher.matches(second.secret.clientSecret, after)).toBe(true);
    const [last] = (await listMachines(t.db, admin.tenantId))[0]!.secrets;
    expect(await retireMachineSecret(t.db, hasher, admin, { machineId: machine.id, secretId: last!.id }, clock)).toMatchObject({ ok: false, code: "machine_secret_last" });
  });

  it("disabling revokes every secret and the client at once; enabling again restores none until a new secret is made", async () => {
    const admin = await workspaceAdmin();
    const { machine, secret } = await made(admin);
    expect(await setMachineStatus(t.db, admin, { machineId: machine.id, status: "disabled" }, clock)).toEqual({ ok: true, revokedSecrets: 1 });
    expect(await clientRow(secret.clientId)).toBeUndefined();
    expect(await addMachineSecret(t.db, hasher, admin, machine.id, clock)).toMatchObject({ ok: false, code: "machine_disabled" });
    expect(await setMachineStatus(t.db, admin, { machineId: machine.id, status: "active" }, clock)).toEqual({ ok: true, revokedSecrets: 0 });
    expect(await clientRow(secret.clientId)).toBeUndefined();
    expect(await addMachineSecret(t.db, hasher, admin, machine.id, clock)).toMatchObject({ ok: true });
    expect(await clientRow(secret.clientId)).toBeDefined();
    expect(await setMachineStatus(t.db, admin, { machineId: machine.id, status: "paused" }, clock)).toMatchObject({ ok: false, code: "machine_not_found" });
  });

  it("deletes the machine, its secrets and its client together, audited with the admin", async () => {
    const admin = await workspaceAdmin();
    const { machine, secret } = await made(admin);
    expect(await deleteMachine(t.db, admin, machine.id, clock)).toEqual({ ok: true });
    expect(await clientRow(secret.clientId)).toBeUndefined();
    expect(await t.db.select().from(machineSecrets).where(eq(machineSecrets.machineId, machine.id))).toHaveLength(0);
    expect(await auditOf("machine.deleted", admin.tenantId)).toMatchObject([{ actorId: admin.userId, detail: { revokedSecrets: 1 } }]);
    expect(await deleteMachine(t.db, admin, machine.id, clock)).toMatchObject({ ok: false, code: "machine_not_found", reference: expect.stringMatching(/^GH-/) });
  });

  it("keeps workspaces apart: another workspace's admin neither sees nor changes the machine", async () => {
    const owner = await workspaceAdmin();
    const other = await workspaceAdmin();
    const { machine, secret } = await made(owner);
    expect(await listMachines(t.db, other.tenantId)).toEqual([]);
    expect(await deleteMachine(t.db, other, machine.id, clock)).toMatchObject({ ok: false, code: "machine_not_found" });
    expect(await setMachineStatus(t.db, other, { machineId: machine.id, status: "disabled" }, clock)).toMatchObject({ ok: false, code: "machine_not_found" });
    expect(await addMachineSecret(t.db, hasher, other, machine.id, clock)).toMatchObject({ ok: false, code: "machine_not_found" });
    expect(await retireMachineSecret(t.db, hasher, other, { machineId: machine.id, secretId: machine.secrets[0]!.id }, clock)).toMatchObject({ ok: false, code: "machine_not_found" });
    expect(await clientRow(secret.clientId)).toBeDefined();
    expect(await auditOf("machine.delete_refused", other.tenantId)).toHaveLength(1);
  });
});
