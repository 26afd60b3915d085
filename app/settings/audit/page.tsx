import type { Metadata } from "next";
import { getDb } from "@/db/instance";
import { AUDIT_PAGE_SIZE, listAuditEvents, parseAuditQuery } from "@/lib/manage/audit-log";
import { formatUtcDateTime } from "@/lib/time/format-utc";
import { AuditDetail, AuditFilterForm, type AuditFilterField } from "../../_components/audit-log-parts";
import { requireTenantAdmin } from "@/lib/web/current-user";
import { Alert } from "../../_components/ui";
import { ConsoleTable } from "../../manage/_components/console-table";
import { Pager } from "../../manage/_components/pager";

export const metadata: Metadata = { title: "Audit log" };

const FIELDS = [
  ["reference", "Reference (GH-…)", "text"],
  ["actor", "Who (name or email)", "text"],
  ["kind", "Kind (e.g. sign_in)", "text"],
  ["from", "From (UTC)", "date"],
  ["to", "To (UTC)", "date"],
] as const satisfies readonly AuditFilterField[];

/** The workspace's own audit log for its admins: the console's log, always limited to this workspace. */
export default async function WorkspaceAuditPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const admin = await requireTenantAdmin();
  const raw = await searchParams;
  const params = new URLSearchParams(Object.entries(raw).flatMap(([k, v]) => (typeof v === "string" && k !== "tenant" ? [[k, v]] : [])));
  params.set("tenant", admin.tenant.id);
  const parsed = parseAuditQuery(params);
  const filters = parsed.ok ? parsed.query : parsed.filters;
  const result = parsed.ok ? await listAuditEvents(getDb(), parsed.query) : { total: 0, events: [] };
  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-xl font-semibold tracking-tight">Audit log</h1>
        <p className="mt-1 text-sm text-slate-600">Every sign-in to {admin.tenant.name}, every refusal and every change to its settings, newest first.</p>
      </div>
      <AuditFilterForm fields={FIELDS} values={filters} />
      {!parsed.ok ? <Alert>{parsed.message}</Alert> : null}
      <ConsoleTable columns={["Time (UTC)", "Kind", "Outcome", "Who", "Client", "Reference", "Detail"]} empty="No event matches." isEmpty={result.events.length === 0} testId="audit-table">
        {result.events.map((e) => (
          <tr key={e.id}>
            <td className="px-3 py-2 whitespace-nowrap">{formatUtcDateTime(e.occurredAt)}</td>
            <td className="px-3 py-2 font-mono text-xs">{e.kind}</td>
            <td className="px-3 py-2">{e.outcome}</td>
            {/* The operator's staff stay anonymous to customers: their actions show as the operator's. */}
            <td className="px-3 py-2">{e.actorType === "staff" ? "Operator staff" : (e.actorLabel ?? e.actorName ?? e.actorType)}</td>
            <td className="px-3 py-2 font-mono text-xs">{e.clientIp ?? "—"}</td>
            <td className="px-3 py-2 font-mono text-xs whitespace-nowrap">{e.reference}</td>
            <AuditDetail detail={e.detail} />
          </tr>
        ))}
      </ConsoleTable>
      <Pager
        path="/settings/audit"
        params={{ reference: filters.reference, actor: filters.actor, kind: filters.kind, from: filters.from, to: filters.to }}
        page={parsed.ok ? parsed.query.page : 1}
        pageSize={AUDIT_PAGE_SIZE}
        total={result.total}
      />
    </div>
  );
}
