import type { Metadata } from "next";
import { getDb } from "@/db/instance";
import { getSettings } from "@/lib/config/load-settings";
import { messageFor, type UserMessageCode } from "@/lib/errors/user-messages";
import { listMachines, scopesOfferedToMachines } from "@/lib/machines/machine-accounts";
import { mcpResourceOf, OAUTH_ROUTES } from "@/lib/oauth/paths";
import { formatUtcDateTime } from "@/lib/time/format-utc";
import { requireTenantAdmin } from "@/lib/web/current-user";
import { CopyButton } from "../../_components/copy-button";
import { CreateMachineForm } from "./create-machine-form";
import { MachineButton } from "./machine-controls";

export const metadata: Metadata = { title: "Machines" };

/** Settings → Machines: the workspace's machine accounts (client credentials for `/mcp`). */
export default async function MachinesSettingsPage() {
  const admin = await requireTenantAdmin();
  const machines = await listMachines(getDb(), admin.tenant.id);
  const { apiPublicUrl } = getSettings();
  const tokenEndpoint = `${apiPublicUrl}${OAUTH_ROUTES.token}`;
  const scopes = scopesOfferedToMachines().map((value) => ({ value, label: messageFor(`machine_scope_${value}` as UserMessageCode) }));
  return (
    <div className="space-y-8">
      <div>
        <h1 className="text-xl font-semibold tracking-tight">Machines</h1>
        <p className="mt-1 max-w-2xl text-sm text-slate-600">{messageFor("machines_explanation")}</p>
        <dl className="mt-3 space-y-2 text-sm">
          <div>
            <dt className="text-slate-600">Token endpoint</dt>
            <dd className="flex flex-wrap items-center gap-2">
              <code className="min-w-0 break-all">{tokenEndpoint}</code>
              <CopyButton text={tokenEndpoint} name="Copy token endpoint" />
            </dd>
          </div>
          <div>
            <dt className="text-slate-600">Resource</dt>
            <dd className="flex flex-wrap items-center gap-2">
              <code className="min-w-0 break-all">{mcpResourceOf(apiPublicUrl)}</code>
            </dd>
          </div>
        </dl>
      </div>
      <section className="rounded-lg border border-slate-200 bg-white p-4">
        <h2 className="mb-3 font-semibold">New machine</h2>
        <CreateMachineForm scopes={scopes} hint={messageFor("machine_name_invalid")} />
      </section>
      {machines.length === 0 ? (
        <p className="text-sm text-slate-600">{messageFor("machines_empty")}</p>
      ) : (
        <ul className="space-y-4" data-testid="machines">
          {machines.map((m) => (
            <li key={m.id} className="rounded-lg border border-slate-200 bg-white p-4 text-sm" data-testid={`machine-${m.clientId}`}>
              <div className="flex flex-wrap items-center justify-between gap-2">
                <span className="min-w-0 font-medium break-words">{m.name}</span>
                <span className={`rounded-full px-2 py-0.5 text-xs font-medium ${m.status === "active" ? "bg-green-100 text-green-800" : "bg-slate-200 text-slate-700"}`}>
                  {m.status === "active" ? "Active" : "Disabled"}
                </span>
              </div>
              <p className="mt-1 break-all font-mono text-xs text-slate-600">{m.clientId}</p>
              <p className="text-xs text-slate-500">
                {m.scopes.join(" ")} · created {formatUtcDateTime(m.createdAt)} · last used {m.lastUsedAt ? formatUtcDateTime(m.lastUsedAt) : "never"}
              </p>
              <ul className="mt-3 space-y-2" aria-label={`Secrets of ${m.name}`}>
                {m.secrets.map((s, i) => (
                  <li key={s.id} className="flex flex-wrap items-center justify-between gap-2 rounded border border-slate-100 px-3 py-2">
                    <span className="text-xs text-slate-600">Secret {i + 1} · created {formatUtcDateTime(s.createdAt)}</span>
                    {m.secrets.length > 1 ? <MachineButton machineId={m.id} intent="retire_secret" secretId={s.id} label="Retire" name={`Retire secret ${i + 1} of ${m.name}`} /> : null}
                  </li>
                ))}
                {m.secrets.length === 0 ? <li className="text-xs text-slate-500">No live secret.</li> : null}
              </ul>
              <div className="mt-3 flex flex-wrap items-start gap-2">
                {m.status === "active" ? <MachineButton machineId={m.id} intent="new_secret" label="New secret" name={`New secret for ${m.name}`} /> : null}
                <MachineButton machineId={m.id} intent={m.status === "active" ? "disable" : "enable"} label={m.status === "active" ? "Disable" : "Enable"} name={`${m.status === "active" ? "Disable" : "Enable"} ${m.name}`} />
                <MachineButton machineId={m.id} intent="delete" label="Delete" name={`Delete ${m.name}`} />
              </div>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
