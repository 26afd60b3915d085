"use server";

import { revalidatePath } from "next/cache";
import { getDb } from "@/db/instance";
import { getSettings } from "@/lib/config/load-settings";
import { dnsTxtLookup } from "@/lib/domains/dns-txt-lookup";
import { addDomainForTenant, verifyDomainByDns } from "@/lib/domains/self-serve-domains";
import { messageFor } from "@/lib/errors/user-messages";
import { systemClock } from "@/lib/time/clock";
import { getClientIp } from "@/lib/web/client-ip";
import { requireTenantAdmin } from "@/lib/web/current-user";

export type DomainFormState = { error?: string; reference?: string; added?: string; verified?: string; domain?: string };

export async function addDomainAction(_previous: DomainFormState, form: FormData): Promise<DomainFormState> {
  const admin = await requireTenantAdmin();
  const result = await addDomainForTenant(getDb(), { tenantId: admin.tenant.id, domain: form.get("domain"), actor: { userId: admin.id, clientIp: await getClientIp() } }, systemClock);
  if (!result.ok) return { error: messageFor(result.code) };
  revalidatePath("/settings/domains");
  return { added: result.domain };
}

export async function verifyDomainAction(_previous: DomainFormState, form: FormData): Promise<DomainFormState> {
  const admin = await requireTenantAdmin();
  const domain = String(form.get("domain") ?? "");
  const lookup = dnsTxtLookup(getSettings().dnsResolver);
  const result = await verifyDomainByDns(getDb(), { tenantId: admin.tenant.id, domain, actor: { userId: admin.id, clientIp: await getClientIp() } }, lookup, systemClock);
  if (!result.ok) return { domain, error: messageFor(result.code), reference: result.reference };
  revalidatePath("/settings/domains");
  return { domain, verified: messageFor("domain_verified_by_dns") };
}
