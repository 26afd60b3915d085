import type { Metadata } from "next";
import { getDb } from "@/db/instance";
import { listTenantDomains } from "@/lib/domains/self-serve-domains";
import { domainLostMessage } from "@/lib/errors/user-messages";
import { formatUtcDateTime } from "@/lib/time/format-utc";
import { requireTenantAdmin } from "@/lib/web/current-user";
import { CopyButton } from "../../_components/copy-button";
import { Alert } from "../../_components/ui";
import { AddDomainForm, VerifyDomainForm } from "./domain-forms";

export const metadata: Metadata = { title: "Domains" };

/** Settings → Domains: the workspace's e-mail domains, proven by a DNS TXT record the admin publishes. */
export default async function DomainsSettingsPage() {
  const admin = await requireTenantAdmin();
  const domains = await listTenantDomains(getDb(), admin.tenant.id);
  return (
    <div className="space-y-8">
      <div>
        <h1 className="text-xl font-semibold tracking-tight">Domains</h1>
        <p className="mt-1 max-w-2xl text-sm text-slate-600">
          A verified domain sends people with addresses on it to {admin.tenant.name} when they sign in. Add the domain, publish the TXT record
          shown below at your DNS provider, then verify. Gatehouse checks verified domains again every day.
        </p>
      </div>
      <AddDomainForm />
      <ul className="space-y-4" data-testid="tenant-domains">
        {domains.map((d) => (
          <li key={d.domain} className="rounded-lg border border-slate-200 bg-white p-4" data-testid={`domain-${d.domain}`}>
            <div className="flex flex-wrap items-center justify-between gap-2">
              <span className="font-medium break-all">{d.domain}</span>
              <span className={`rounded-full px-2 py-0.5 text-xs font-medium ${d.state === "verified" ? "bg-green-100 text-green-800" : "bg-amber-100 text-amber-800"}`}>
                {d.state === "verified" ? "Verified" : "Pending"}
              </span>
            </div>
            {d.lostAt && d.state === "pending" ? (
              <div className="mt-3">
                <Alert>{domainLostMessage(formatUtcDateTime(d.lostAt))}</Alert>
              </div>
            ) : null}
            {d.recordValue ? (
              <dl className="mt-3 space-y-2 text-sm">
                <div>
                  <dt className="text-slate-600">TXT record name</dt>
                  <dd className="flex flex-wrap items-center gap-2">
                    <code className="break-all" data-testid="txt-name">{d.recordName}</code>
                    <CopyButton text={d.recordName} name="Copy TXT record name" />
                  </dd>
                </div>
                <div>
                  <dt className="text-slate-600">TXT record value</dt>
                  <dd className="flex flex-wrap items-center gap-2">
                    <code className="break-all" data-testid="txt-value">{d.recordValue}</code>
                    <CopyButton text={d.recordValue} name="Copy TXT record value" />
                  </dd>
                </div>
              </dl>
            ) : (
              <p className="mt-2 text-sm text-slate-600">Added by the operator{d.verifiedAt ? " and verified by them" : "; ask them to verify it"}.</p>
            )}
            {d.recordValue && d.state === "pending" ? (
              <div className="mt-3">
                <VerifyDomainForm domain={d.domain} />
              </div>
            ) : null}
          </li>
        ))}
        {domains.length === 0 ? <li className="text-sm text-slate-500">No domain yet.</li> : null}
      </ul>
    </div>
  );
}
