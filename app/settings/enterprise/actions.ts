"use server";

import { revalidatePath } from "next/cache";
import { getDb } from "@/db/instance";
import { messageFor } from "@/lib/errors/user-messages";
import { removeOktaOrg, saveOktaOrg } from "@/lib/okta/okta-orgs";
import { systemClock } from "@/lib/time/clock";
import { getClientIp } from "@/lib/web/client-ip";
import { requireTenantAdmin } from "@/lib/web/current-user";

export type OktaFormState = { error?: string; reference?: string; saved?: string; issuer?: string; scope?: string };

/** Saves the workspace's Okta org after checking the issuer's discovery document over HTTPS. */
export async function saveOktaOrgAction(_previous: OktaFormState, form: FormData): Promise<OktaFormState> {
  const admin = await requireTenantAdmin();
  const issuer = form.get("issuer");
  const scope = form.get("scope");
  const result = await saveOktaOrg(getDb(), { tenantId: admin.tenant.id, issuer, scope, actor: { userId: admin.id, clientIp: await getClientIp() } }, fetch, systemClock);
  const kept = { issuer: typeof issuer === "string" ? issuer : "", scope: typeof scope === "string" ? scope : "" };
  if (!result.ok) return { ...kept, error: messageFor(result.code), reference: result.reference };
  revalidatePath("/settings/enterprise");
  return { issuer: result.org.issuer, scope: result.org.scope ?? "", saved: messageFor("okta_saved") };
}

export async function removeOktaOrgAction(): Promise<OktaFormState> {
  const admin = await requireTenantAdmin();
  await removeOktaOrg(getDb(), { tenantId: admin.tenant.id, actor: { userId: admin.id, clientIp: await getClientIp() } }, systemClock);
  revalidatePath("/settings/enterprise");
  return { saved: messageFor("okta_removed") };
}
