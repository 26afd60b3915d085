"use server";

import { revalidatePath } from "next/cache";
import { getDb } from "@/db/instance";
import { getSettings } from "@/lib/config/load-settings";
import { messageFor } from "@/lib/errors/user-messages";
import { clientSecretHasher } from "@/lib/oauth/client-secrets";
import { deleteConfidentialClient, registerConfidentialClient, rotateClientSecret, type ClientFieldErrors } from "@/lib/oauth/confidential-clients";
import { systemClock } from "@/lib/time/clock";
import { getClientIp } from "@/lib/web/client-ip";
import { getSignedInStaff } from "@/lib/web/current-staff";

/** What the console shows after an action: the secret only in the answer to the action that created it. */
export type ClientActionState = {
  error?: string;
  fieldErrors?: Partial<Record<keyof ClientFieldErrors, string>>;
  created?: { clientId: string; clientSecret: string; notice: string };
  done?: string;
};

/** Staff.Admin only, checked on every action (a page check alone does not protect a server action). */
async function adminActor(): Promise<{ staffId: string; clientIp: string | null } | { error: string }> {
  const staff = await getSignedInStaff();
  if (!staff) return { error: messageFor("staff_not_signed_in") };
  if (staff.role !== "admin") return { error: messageFor("staff_read_only") };
  return { staffId: staff.id, clientIp: await getClientIp() };
}

const hasher = () => clientSecretHasher(getSettings().secretEncryptionKey);

export async function registerClientAction(_previous: ClientActionState, form: FormData): Promise<ClientActionState> {
  const actor = await adminActor();
  if ("error" in actor) return actor;
  const result = await registerConfidentialClient(
    getDb(),
    hasher(),
    { name: form.get("name"), grantTypes: form.getAll("grantTypes"), redirectUris: form.get("redirectUris") ?? "", authMethod: form.get("authMethod") },
    actor,
    systemClock,
  );
  if (!result.ok) return { fieldErrors: Object.fromEntries(Object.entries(result.fieldErrors).map(([field, code]) => [field, messageFor(code)])) };
  revalidatePath("/manage/oauth-clients");
  return { created: { clientId: result.clientId, clientSecret: result.clientSecret, notice: messageFor("oauth_client_created") } };
}

export async function rotateSecretAction(_previous: ClientActionState, form: FormData): Promise<ClientActionState> {
  const actor = await adminActor();
  if ("error" in actor) return actor;
  const clientId = String(form.get("clientId") ?? "");
  const result = await rotateClientSecret(getDb(), hasher(), clientId, actor, systemClock);
  if (!result.ok) return { error: messageFor(result.code) };
  revalidatePath("/manage/oauth-clients");
  return { created: { clientId, clientSecret: result.clientSecret, notice: messageFor("oauth_client_secret_rotated") } };
}

export async function deleteClientAction(_previous: ClientActionState, form: FormData): Promise<ClientActionState> {
  const actor = await adminActor();
  if ("error" in actor) return actor;
  const result = await deleteConfidentialClient(getDb(), String(form.get("clientId") ?? ""), actor, systemClock);
  if (!result.ok) return { error: messageFor(result.code) };
  revalidatePath("/manage/oauth-clients");
  return { done: messageFor("oauth_client_deleted") };
}
