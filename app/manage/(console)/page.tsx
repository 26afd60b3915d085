import type { Metadata } from "next";
import Link from "next/link";
import { getDb } from "@/db/instance";
import { listTenants, parseTenantsQuery } from "@/lib/manage/tenant-directory";
import { formatUtcDateTime } from "@/lib/time/format-utc";
import { requireStaff } from "@/lib/web/current-staff";
import { SsoStatusPill } from "../../_components/sso-status-pill";
import { inputClass, linkClass, secondaryButtonClass } from "../../_components/ui";
import { ConsoleTable } from "../_components/console-table";
import { Pager } from "../_components/pager";

export const metadata: Metadata = { title: "Tenants · Console" };

export default async function TenantsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const staff = await requireStaff();
  const raw = await searchParams;
  const query = parseTenantsQuery(new URLSearchParams(Object.entries(raw).flatMap(([k, v]) => (typeof v === "string" ? [[k, v]] : []))));
  const page = await listTenants(getDb(), query);
  return (
    <div className="space-y-6">
      <div className="flex items-end justify-between gap-4">
        <div>
          <h1 className="text-xl font-semibold tracking-tight">Tenants</h1>
          <p className="mt-1 text-sm text-slate-600">Every workspace on this Gatehouse.</p>
        </div>
        {staff.role === "admin" ? (
          <Link href="/manage/tenants/new" className={secondaryButtonClass}>
            Create tenant
          </Link>
        ) : null}
      </div>
      <form method="get" role="search" className="flex max-w-lg gap-2">
        <label htmlFor="q" className="sr-only">
          Search tenants
        </label>
        <input id="q" name="q" defaultValue={page.query} placeholder="Name, key or domain" maxLength={100} className={`${inputClass} mt-0`} />
        <button type="submit" className={secondaryButtonClass}>
          Search
        </button>
      </form>
      <ConsoleTable columns={["Tenant", "Status", "SSO", "Users", "Domains", "Created (UTC)"]} empty="No tenant matches." isEmpty={page.tenants.length === 0}>
        {page.tenants.map((t) => (
          <tr key={t.id}>
            <td className="px-4 py-2">
              <Link className={linkClass} href={`/manage/tenants/${t.id}`}>
                {t.name}
              </Link>
              <div className="font-mono text-xs text-slate-500">{t.key}</div>
            </td>
            <td className="px-4 py-2">{t.status === "active" ? "Active" : "Disabled"}</td>
            <td className="px-4 py-2">
              <SsoStatusPill status={t.ssoStatus} />
            </td>
            <td className="px-4 py-2 tabular-nums">{t.userCount}</td>
            <td className="px-4 py-2">
              {t.domains.length ? t.domains.map((d) => `${d.domain}${d.verified ? "" : " (unverified)"}`).join(", ") : "—"}
            </td>
            <td className="px-4 py-2 whitespace-nowrap">{formatUtcDateTime(t.createdAt)}</td>
          </tr>
        ))}
      </ConsoleTable>
      <Pager path="/manage" params={{ q: page.query }} page={page.page} pageSize={page.pageSize} total={page.total} />
    </div>
  );
}
