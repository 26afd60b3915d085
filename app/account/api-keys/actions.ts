"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { getDb } from "@/db/instance";
import { apiKeyHasher } from "@/lib/api-keys/api-key-secret";
import { createApiKey, revokeApiKey } from "@/lib/api-keys/personal-api-keys";
import { getSettings } from "@/lib/config/load-settings";
import { messageFor } from "@/lib/errors/user-messages";
import { systemClock } from "@/lib/time/clock";
import { getClientIp } from "@/lib/web/client-ip";
import { getSignedInUser } from "@/lib/web/current-user";

export type ApiKeyFormState = {
  error?: string;
  field?: "name" | "expiry" | "scopes";
  /** The new key, returned once in the action's answer and never stored or rendered again. */
  created?: { key: string; prefix: string; name: string; notice: string };
};

async function signedInMember() {
  const user = await getSignedInUser();
  if (!user) redirect("/login");
  if (user.mustChangePassword) redirect("/change-password");
  if (!user.tenant) redirect("/workspace/new");
  return { userId: user.id, tenantId: user.tenant.id, clientIp: await getClientIp() };
}

/** "Create key": a key for the signed-in person in the workspace they are signed in to (server actions are origin-checked). */
export async function createApiKeyAction(_previous: ApiKeyFormState, form: FormData): Promise<ApiKeyFormState> {
  const owner = await signedInMember();
  const result = await createApiKey(
    getDb(),
    apiKeyHasher(getSettings().secretEncryptionKey),
    owner,
    { name: form.get("name"), expiresInDays: form.get("expiry"), scopes: form.getAll("scope") },
    systemClock,
  );
  if (!result.ok) return { error: messageFor(result.code), field: result.field };
  revalidatePath("/account/api-keys");
  return { created: { key: result.key, prefix: result.view.prefix, name: result.view.name, notice: messageFor("api_key_created") } };
}

export type RevokeState = { done?: string; error?: string };

/** "Revoke": one of the signed-in person's own keys only. */
export async function revokeApiKeyAction(_previous: RevokeState, form: FormData): Promise<RevokeState> {
  const owner = await signedInMember();
  const revoked = await revokeApiKey(getDb(), owner, form.get("key_id"), systemClock);
  revalidatePath("/account/api-keys");
  return revoked ? { done: messageFor("api_key_revoked") } : { error: messageFor("api_key_not_found") };
}
