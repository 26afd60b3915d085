import type { Metadata } from "next";
import { getDb } from "@/db/instance";
import { getSettings } from "@/lib/config/load-settings";
import { oktaOrgOf } from "@/lib/okta/okta-orgs";
import { formatUtcDateTime } from "@/lib/time/format-utc";
import { requireTenantAdmin } from "@/lib/web/current-user";
import { CopyButton } from "../../_components/copy-button";
import { Card } from "../../_components/ui";
import { OktaOrgForm, RemoveOktaOrgForm } from "./okta-form";

export const metadata: Metadata = { title: "Enterprise" };

/** Settings → Enterprise → Okta: Enterprise-Managed Auth, Okta issuing ID-JAGs that Gatehouse exchanges for tokens. */
export default async function EnterpriseSettingsPage() {
  const admin = await requireTenantAdmin();
  const org = await oktaOrgOf(getDb(), admin.tenant.id);
  const issuer = getSettings().apiPublicUrl;
  return (
    <div className="space-y-8">
      <div>
        <h1 className="text-xl font-semibold tracking-tight">Enterprise</h1>
        <p className="mt-1 max-w-2xl text-sm text-slate-600">
          Enterprise-Managed Auth lets your Okta administrators decide who in {admin.tenant.name} can use Gatehouse&apos;s MCP servers. Okta issues a
          short-lived identity assertion (ID-JAG) for each person; Gatehouse checks it against your Okta org and adds the person to this workspace on
          first use when their email is on one of its verified domains.
        </p>
      </div>
      <Card title="Okta" subtitle={org ? `Linked ${formatUtcDateTime(org.updatedAt)}` : "Not linked"}>
        <div className="space-y-6">
          <div className="text-sm">
            <p className="text-slate-600">In Okta, add Gatehouse as the resource app with this issuer URL:</p>
            <p className="mt-1 flex flex-wrap items-center gap-2">
              <code className="break-all" data-testid="gatehouse-issuer">{issuer}</code>
              <CopyButton text={issuer} name="Copy Gatehouse's issuer URL" />
            </p>
          </div>
          <OktaOrgForm issuer={org?.issuer ?? ""} scope={org?.scope ?? ""} />
          {org ? <RemoveOktaOrgForm /> : null}
        </div>
      </Card>
    </div>
  );
}
