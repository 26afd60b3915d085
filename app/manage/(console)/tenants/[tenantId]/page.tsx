import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { getDb } from "@/db/instance";
import { messageFor } from "@/lib/errors/user-messages";
import { loadTenantDetail } from "@/lib/manage/tenant-detail";
import { listPendingInvitations } from "@/lib/tenancy/invitations";
import { systemClock } from "@/lib/time/clock";
import { pageNumber } from "@/lib/text/clean-text";
import { formatUtcDateTime } from "@/lib/time/format-utc";
import { requireStaff } from "@/lib/web/current-staff";
import { SsoStatusPill } from "../../../../_components/sso-status-pill";
import { DefinitionList, linkClass } from "../../../../_components/ui";
import { ConsoleAction } from "../../../_components/console-action";
import { ConsoleTable } from "../../../_components/console-table";
import { Pager } from "../../../_components/pager";
import { AddDomainForm } from "./add-domain-form";
import { PendingInvitations } from "./pending-invitations";

export const metadata: Metadata = { title: "Tenant · Console" };

const METHOD_LABELS = { password: "Password", microsoft: "Microsoft", sso: "Tenant SSO" } as const;

export default async function TenantDetailPage({
  params,
  searchParams,
}: {
  params: Promise<{ tenantId: string }>;
  searchParams: Promise<{ page?: string | string[] }>;
}) {
  const staff = await requireStaff();
  const { tenantId } = await params;
  const detail = await loadTenantDetail(getDb(), tenantId, pageNumber((await searchParams).page));
  if (!detail) notFound();
  const { tenant, domains, sso, users } = detail;
  // Accepted and revoked invitations are not pending; expired ones are listed so staff can re-issue them.
  const pendingInvitations = await listPendingInvitations(getDb(), tenant.id, systemClock);
  const canWrite = staff.role === "admin";
  const base = `/api/v1/manage/tenants/${tenant.id}`;
  return (
    <div className="space-y-8">
      <div className="flex items-start justify-between gap-4">
        <div>
          <p className="text-sm">
            <Link className={linkClass} href="/manage">
              Tenants
            </Link>
          </p>
          <h1 className="mt-1 text-xl font-semibold tracking-tight">{tenant.name}</h1>
          <p className="font-mono text-xs text-slate-500">{tenant.key}</p>
        </div>
        <div className="flex items-center gap-3">
          <span data-testid="tenant-status" className={`rounded-full px-2.5 py-0.5 text-xs font-medium ${tenant.status === "active" ? "bg-green-100 text-green-800" : "bg-red-100 text-red-800"}`}>
            {tenant.status === "active" ? "Active" : "Disabled"}
          </span>
          {canWrite ? (
            tenant.status === "active" ? (
              <ConsoleAction
                label="Disable tenant"
                tone="danger"
                method="PATCH"
                url={base}
                body={{ status: "disabled" }}
                confirm={`Disable ${tenant.name}? Its users are signed out now and cannot sign in until it is enabled again.`}
                done={`${tenant.name} is disabled: its users were signed out.`}
              />
            ) : (
              <ConsoleAction label="Enable tenant" method="PATCH" url={base} body={{ status: "active" }} done={`${tenant.name} is enabled again.`} />
            )
          ) : null}
        </div>
      </div>

      <section aria-labelledby="overview" className="max-w-xl">
        <h2 id="overview" className="mb-2 font-semibold">Overview</h2>
        <DefinitionList
          items={[
            ["Created (UTC)", formatUtcDateTime(tenant.createdAt)],
            ["Microsoft Entra directory", tenant.microsoftTenantId ?? "—"],
            ["Users", users.total],
            [
              "Audit",
              <Link key="audit" className={linkClass} href={`/manage/audit?tenant=${tenant.id}`}>
                Audit log of this tenant
              </Link>,
            ],
          ]}
        />
      </section>

      <section aria-labelledby="domains">
        <h2 id="domains" className="mb-2 font-semibold">Domains</h2>
        <ul className="divide-y divide-slate-100 rounded-lg border border-slate-200 bg-white text-sm" data-testid="tenant-domains">
          {domains.map((d) => (
            <li key={d.domain} className="flex items-center justify-between gap-4 px-4 py-2">
              <span>
                <span className="font-medium">{d.domain}</span>{" "}
                <span className="text-slate-500">{d.verifiedAt ? `Verified ${formatUtcDateTime(d.verifiedAt)}` : "Not verified"}</span>
              </span>
              {canWrite ? (
                <ConsoleAction
                  label={d.verifiedAt ? `Unverify ${d.domain}` : `Verify ${d.domain}`}
                  method="PATCH"
                  url={`${base}/domains/${encodeURIComponent(d.domain)}`}
                  body={{ verified: !d.verifiedAt }}
                />
              ) : null}
            </li>
          ))}
          {domains.length === 0 ? <li className="px-4 py-2 text-slate-500">No domains.</li> : null}
        </ul>
        {canWrite ? <AddDomainForm url={`${base}/domains`} /> : null}
      </section>

      <section aria-labelledby="sso" className="max-w-xl">
        <h2 id="sso" className="mb-2 font-semibold">Single sign-on</h2>
        <DefinitionList
          items={[
            ["Status", <SsoStatusPill key="s" status={sso.status} testId="tenant-sso-status" />],
            ["Kind", sso.kind === "entra" ? "Microsoft Entra ID" : "OpenID Connect"],
            [sso.kind === "entra" ? "Tenant ID" : "Issuer", (sso.kind === "entra" ? sso.entraTenantId : sso.issuerUrl) || "—"],
            ["Client ID", sso.clientId || "—"],
            ["Client secret", sso.secretSet ? `Set${sso.clientSecretExpiresAt ? ` · expires ${sso.clientSecretExpiresAt}` : ""}` : "Not set"],
            ["Role values", `${sso.adminRoleValue} / ${sso.memberRoleValue}`],
          ]}
        />
      </section>

      <section aria-labelledby="invitations">
        <h2 id="invitations" className="mb-2 font-semibold">Pending invitations</h2>
        <PendingInvitations
          tenantId={tenant.id}
          canWrite={canWrite}
          mailNotSent={messageFor("mail_not_sent")}
          invitations={pendingInvitations.map((i) => ({ id: i.id, email: i.email, role: i.role, expired: i.expired, expires: formatUtcDateTime(i.expiresAt) }))}
        />
      </section>

      <section aria-labelledby="users">
        <h2 id="users" className="mb-2 font-semibold">Users</h2>
        <ConsoleTable columns={["Name", "Email", "Role", "Sign-in", "Last sign-in (UTC)"]} empty="No users yet." isEmpty={users.users.length === 0}>
          {users.users.map((u) => (
            <tr key={u.id}>
              <td className="px-4 py-2">
                <Link className={linkClass} href={`/manage/users/${u.id}`}>
                  {u.name ?? u.email ?? u.id}
                </Link>
              </td>
              <td className="px-4 py-2">{u.email ?? "—"}</td>
              <td className="px-4 py-2">{u.role === "admin" ? "Admin" : "Member"}</td>
              <td className="px-4 py-2">{u.signInMethods.map((m) => METHOD_LABELS[m]).join(", ") || "—"}</td>
              <td className="px-4 py-2 whitespace-nowrap">{u.lastSignInAt ? formatUtcDateTime(u.lastSignInAt) : "Never"}</td>
            </tr>
          ))}
        </ConsoleTable>
        <Pager path={`/manage/tenants/${tenant.id}`} params={{}} page={users.page} pageSize={users.pageSize} total={users.total} />
      </section>
    </div>
  );
}
