"use server";

import { revalidatePath } from "next/cache";
import { getDb } from "@/db/instance";
import { messageFor } from "@/lib/errors/user-messages";
import { addGroupMapping, moveGroupMapping, removeGroupMapping, type GroupMappingChange, type GroupMappingsContext } from "@/lib/groups/group-mappings";
import { loadSsoCard } from "@/lib/sso/tenant-sso-config";
import { systemClock } from "@/lib/time/clock";
import { getClientIp } from "@/lib/web/client-ip";
import { requireTenantAdmin } from "@/lib/web/current-user";

export type GroupMappingsState = { fieldErrors?: Record<string, string>; done?: string; error?: string };

const PAGE = "/settings/sso/group-mappings";

async function admin(): Promise<GroupMappingsContext> {
  const user = await requireTenantAdmin();
  return { db: getDb(), tenantId: user.tenant.id, actorId: user.id, clientIp: await getClientIp(), clock: systemClock };
}

function answer(change: GroupMappingChange): GroupMappingsState {
  if (change.ok) {
    revalidatePath(PAGE);
    return { done: messageFor(change.message) };
  }
  const fieldErrors = change.fieldErrors ? Object.fromEntries(Object.entries(change.fieldErrors).map(([k, code]) => [k, messageFor(code)])) : undefined;
  return { fieldErrors, error: change.error ? messageFor(change.error) : undefined };
}

export async function addGroupMappingAction(_previous: GroupMappingsState, form: FormData): Promise<GroupMappingsState> {
  const context = await admin();
  const { kind } = await loadSsoCard(context.db, context.tenantId);
  return answer(await addGroupMapping(context, kind, { groupId: form.get("groupId"), role: form.get("role"), scopes: form.get("scopes") }));
}

/** Remove, move up and move down: the submitter's `intent` says which. */
export async function changeGroupMappingAction(_previous: GroupMappingsState, form: FormData): Promise<GroupMappingsState> {
  const context = await admin();
  const intent = form.get("intent");
  if (intent === "remove") return answer(await removeGroupMapping(context, form.get("id")));
  return answer(await moveGroupMapping(context, form.get("id"), intent));
}
