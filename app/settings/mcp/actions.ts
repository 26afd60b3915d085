"use server";

import { revalidatePath } from "next/cache";
import { getDb } from "@/db/instance";
import { getSettings } from "@/lib/config/load-settings";
import { messageFor } from "@/lib/errors/user-messages";
import {
  addProvisionedUserForm,
  removeProvisionedUserForm,
  saveMcpAccessForm,
  testMcpAccessForm,
  type McpAccessAdmin,
  type McpAccessCardView,
} from "@/lib/mcp/mcp-access-settings";
import { DEFAULT_REQUIRED_SCOPE, loadMcpAccessConfig } from "@/lib/mcp/access-config";
import {
  addServicePrincipal,
  removeServicePrincipal,
  setServicePrincipalEnabled,
  type ServicePrincipalChange,
  type ServicePrincipalsContext,
} from "@/lib/mcp/entra-service-principals";
import { systemClock } from "@/lib/time/clock";
import { getClientIp } from "@/lib/web/client-ip";
import { requireTenantAdmin } from "@/lib/web/current-user";

export type McpAccessCardState = { fieldErrors?: Record<string, string>; test?: { ok: boolean; message: string }; saved?: string; card?: McpAccessCardView };
export type ProvisionState = { fieldErrors?: Record<string, string>; done?: string; error?: string };

async function admin(): Promise<McpAccessAdmin> {
  const user = await requireTenantAdmin();
  return { db: getDb(), tenantId: user.tenant.id, actorId: user.id, clientIp: await getClientIp(), authorityHost: getSettings().msAuthorityHost, clock: systemClock };
}

const fields = (form: FormData) => Object.fromEntries([...form.entries()].filter(([, v]) => typeof v === "string"));
const sentences = (errors: Record<string, Parameters<typeof messageFor>[0]>) => Object.fromEntries(Object.entries(errors).map(([k, code]) => [k, messageFor(code)]));

/** Both buttons of the MCP access card: the submitter's `intent` says whether to test or to save. */
export async function mcpAccessCardAction(_previous: McpAccessCardState, form: FormData): Promise<McpAccessCardState> {
  const context = await admin();
  if (form.get("intent") === "test") {
    const tested = await testMcpAccessForm(context, fields(form));
    if ("fieldErrors" in tested) return { fieldErrors: sentences(tested.fieldErrors) };
    return { test: { ok: tested.result.ok, message: messageFor(tested.result.code) } };
  }
  const saved = await saveMcpAccessForm(context, fields(form));
  if (!saved.ok) return { fieldErrors: sentences(saved.fieldErrors) };
  revalidatePath("/settings/mcp");
  return { saved: messageFor("mcp_access_saved"), card: saved.card };
}

export async function addProvisionedUserAction(_previous: ProvisionState, form: FormData): Promise<ProvisionState> {
  const added = await addProvisionedUserForm(await admin(), fields(form));
  if (!added.ok) return { fieldErrors: sentences(added.fieldErrors) };
  revalidatePath("/settings/mcp");
  return { done: messageFor("mcp_user_added") };
}

export async function removeProvisionedUserAction(_previous: ProvisionState, form: FormData): Promise<ProvisionState> {
  const removed = await removeProvisionedUserForm(await admin(), form.get("oid"));
  if (!removed.ok) return { error: messageFor(removed.message) };
  revalidatePath("/settings/mcp");
  return { done: messageFor(removed.message) };
}

export type ServicePrincipalState = { fieldErrors?: Record<string, string>; done?: string; error?: string };

async function servicePrincipalsAdmin(): Promise<ServicePrincipalsContext> {
  const context = await admin();
  const access = await loadMcpAccessConfig(context.db, context.tenantId);
  return { ...context, requiredScope: access?.requiredScope ?? DEFAULT_REQUIRED_SCOPE };
}

function servicePrincipalAnswer(change: ServicePrincipalChange): ServicePrincipalState {
  if (!change.ok) return { fieldErrors: change.fieldErrors ? sentences(change.fieldErrors) : undefined, error: change.error ? messageFor(change.error) : undefined };
  revalidatePath("/settings/mcp");
  return { done: messageFor(change.message) };
}

export async function addServicePrincipalAction(_previous: ServicePrincipalState, form: FormData): Promise<ServicePrincipalState> {
  return servicePrincipalAnswer(await addServicePrincipal(await servicePrincipalsAdmin(), fields(form)));
}

/** Disable, enable and remove: the submitter's `intent` says which. */
export async function changeServicePrincipalAction(_previous: ServicePrincipalState, form: FormData): Promise<ServicePrincipalState> {
  const context = await servicePrincipalsAdmin();
  const appId = form.get("appId");
  const intent = form.get("intent");
  if (intent === "remove") return servicePrincipalAnswer(await removeServicePrincipal(context, appId));
  return servicePrincipalAnswer(await setServicePrincipalEnabled(context, appId, intent === "enable"));
}
