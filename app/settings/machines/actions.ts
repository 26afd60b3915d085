"use server";

import { revalidatePath } from "next/cache";
import { getDb } from "@/db/instance";
import { getSettings } from "@/lib/config/load-settings";
import { messageFor } from "@/lib/errors/user-messages";
import { addMachineSecret, createMachine, deleteMachine, retireMachineSecret, setMachineStatus, type MachineAdmin } from "@/lib/machines/machine-accounts";
import { clientSecretHasher } from "@/lib/oauth/client-secrets";
import { systemClock } from "@/lib/time/clock";
import { getClientIp } from "@/lib/web/client-ip";
import { requireTenantAdmin } from "@/lib/web/current-user";

export type MachineFormState = {
  error?: string;
  reference?: string;
  field?: "name" | "scopes";
  /** The credentials, returned once in the action's answer and never stored or rendered again. */
  created?: { name: string; clientId: string; clientSecret: string; notice: string };
};

export type MachineActionState = { done?: string; error?: string; reference?: string; secret?: { clientId: string; clientSecret: string; notice: string } };

const PATH = "/settings/machines";

async function workspaceAdmin(): Promise<MachineAdmin> {
  const admin = await requireTenantAdmin();
  return { userId: admin.id, tenantId: admin.tenant.id, clientIp: await getClientIp() };
}

const hasher = () => clientSecretHasher(getSettings().secretEncryptionKey);

/** "Create machine" (server actions are origin-checked, as every settings form). */
export async function createMachineAction(_previous: MachineFormState, form: FormData): Promise<MachineFormState> {
  const result = await createMachine(getDb(), hasher(), await workspaceAdmin(), { name: form.get("name"), scopes: form.getAll("scope") }, systemClock);
  if (!result.ok) return { error: messageFor(result.code), reference: result.reference, field: result.field };
  revalidatePath(PATH);
  return { created: { name: result.machine.name, ...result.secret, notice: messageFor("machine_created") } };
}

/** The per-machine buttons: new secret, retire a secret, disable or enable, delete. */
export async function machineAction(_previous: MachineActionState, form: FormData): Promise<MachineActionState> {
  const admin = await workspaceAdmin();
  const machineId = form.get("machine_id");
  const clock = systemClock;
  const db = getDb();
  const intent = form.get("intent");
  let state: MachineActionState;
  if (intent === "new_secret") {
    const result = await addMachineSecret(db, hasher(), admin, machineId, clock);
    state = result.ok ? { secret: { ...result.secret, notice: messageFor("machine_secret_created") } } : { error: messageFor(result.code), reference: result.reference };
  } else if (intent === "retire_secret") {
    const result = await retireMachineSecret(db, hasher(), admin, { machineId, secretId: form.get("secret_id") }, clock);
    state = result.ok ? { done: messageFor("machine_secret_retired") } : { error: messageFor(result.code), reference: result.reference };
  } else if (intent === "disable" || intent === "enable") {
    const result = await setMachineStatus(db, admin, { machineId, status: intent === "disable" ? "disabled" : "active" }, clock);
    state = result.ok ? { done: messageFor(intent === "disable" ? "machine_disabled_done" : "machine_enabled") } : { error: messageFor(result.code), reference: result.reference };
  } else {
    const result = await deleteMachine(db, admin, intent === "delete" ? machineId : undefined, clock);
    state = result.ok ? { done: messageFor("machine_deleted") } : { error: messageFor(result.code), reference: result.reference };
  }
  revalidatePath(PATH);
  return state;
}
