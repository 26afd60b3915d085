import type { Metadata } from "next";
import Link from "next/link";
import { getDb } from "@/db/instance";
import { getSettings } from "@/lib/config/load-settings";
import { TENANT_AUTH_BASE_PATH, tenantSsoProviderId } from "@/lib/signin/provider";
import { loadSsoCard } from "@/lib/sso/tenant-sso-config";
import { requireTenantAdmin } from "@/lib/web/current-user";
import { SsoCard } from "./sso-card";

export const metadata: Metadata = { title: "SSO settings" };

export default async function SsoSettingsPage() {
  const admin = await requireTenantAdmin();
  const card = await loadSsoCard(getDb(), admin.tenant.id);
  const callbackUrl = `${getSettings().apiPublicUrl}${TENANT_AUTH_BASE_PATH}/callback/${tenantSsoProviderId(admin.tenant.key)}`;
  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-xl font-semibold tracking-tight">Single sign-on</h1>
        <p className="mt-1 text-sm text-slate-600">Let people of {admin.tenant.name} sign in with your own Microsoft Entra ID app.</p>
      </div>
      <SsoCard initial={card} callbackUrl={callbackUrl} today={new Date().toISOString().slice(0, 10)} />
      <p className="text-sm">
        <Link href="/settings/sso/group-mappings" className="font-medium text-brand-700 underline">
          Group mappings
        </Link>{" "}
        <span className="text-slate-600">— give people a role and MCP scopes by the groups your identity provider sends.</span>
      </p>
    </div>
  );
}
