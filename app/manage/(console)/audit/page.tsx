import type { Metadata } from "next";
import Link from "next/link";
import { getDb } from "@/db/instance";
import { AUDIT_PAGE_SIZE, listAuditEvents, parseAuditQuery, type AuditRow } from "@/lib/manage/audit-log";
import { formatUtcDateTime } from "@/lib/time/format-utc";
import { AuditDetail, AuditFilterForm, type AuditFilterField } from "../../../_components/audit-log-parts";
import { requireStaff } from "@/lib/web/current-staff";
import { Alert, linkClass } from "../../../_components/ui";
import { ConsoleTable } from "../../_components/console-table";
import { Pager } from "../../_components/pager";

export const metadata: Metadata = { title: "Audit log · Console" };

const FIELDS = [
  ["reference", "Reference (GH-…)", "text"],
  ["tenant", "Tenant ID", "text"],
  ["actor", "Actor (id or email)", "text"],
  ["kind", "Kind (e.g. sign_in)", "text"],
  ["from", "From (UTC)", "date"],
  ["to", "To (UTC)", "date"],
] as const satisfies readonly AuditFilterField[];

export default async function AuditLogPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  await requireStaff();
  const raw = await searchParams;
  const parsed = parseAuditQuery(new URLSearchParams(Object.entries(raw).flatMap(([k, v]) => (typeof v === "string" ? [[k, v]] : []))));
  const filters = parsed.ok ? parsed.query : parsed.filters;
  const result = parsed.ok ? await listAuditEvents(getDb(), parsed.query) : { total: 0, events: [] };
  return (
    <div className="space-y-6">
      <h1 className="text-xl font-semibold tracking-tight">Audit log</h1>
      <AuditFilterForm fields={FIELDS} values={filters} />
      {!parsed.ok ? <Alert>{parsed.message}</Alert> : null}
      <ConsoleTable
        columns={["Time (UTC)", "Kind", "Outcome", "Actor", "Tenant", "Client", "Reference", "Detail"]}
        empty="No event matches."
        isEmpty={result.events.length === 0}
        testId="audit-table"
      >
        {result.events.map((e) => (
          <tr key={e.id}>
            <td className="px-3 py-2 whitespace-nowrap">{formatUtcDateTime(e.occurredAt)}</td>
            <td className="px-3 py-2 font-mono text-xs">{e.kind}</td>
            <td className="px-3 py-2">{e.outcome}</td>
            <td className="px-3 py-2">
              <Actor event={e} />
            </td>
            <td className="px-3 py-2">
              {e.tenantId ? (
                <Link className={linkClass} href={`/manage/tenants/${encodeURIComponent(e.tenantId)}`}>
                  {e.tenantName ?? e.tenantId}
                </Link>
              ) : (
                "—"
              )}
            </td>
            <td className="px-3 py-2 font-mono text-xs">{e.clientIp ?? "—"}</td>
            <td className="px-3 py-2 font-mono text-xs whitespace-nowrap">{e.reference}</td>
            <AuditDetail detail={e.detail} />
          </tr>
        ))}
      </ConsoleTable>
      <Pager
        path="/manage/audit"
        params={{ reference: filters.reference, tenant: filters.tenant, actor: filters.actor, kind: filters.kind, from: filters.from, to: filters.to }}
        page={parsed.ok ? parsed.query.page : 1}
        pageSize={AUDIT_PAGE_SIZE}
        total={result.total}
      />
    </div>
  );
}

/** Who acted: a user links to their page; staff, the system and anonymous callers are named as recorded. */
function Actor({ event }: { event: AuditRow }) {
  const name = event.actorLabel ?? event.actorName;
  if (event.actorType === "user" && event.actorId)
    return (
      <Link className={linkClass} href={`/manage/users/${encodeURIComponent(event.actorId)}`}>
        {name ?? event.actorId}
      </Link>
    );
  return (
    <>
      {event.actorType}
      {name ? `: ${name}` : ""}
    </>
  );
}
