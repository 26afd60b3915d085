import type { Metadata } from "next";
import { getDb } from "@/db/instance";
import { USER_MESSAGES } from "@/lib/errors/user-messages";
import { listGroupMappings } from "@/lib/groups/group-mappings";
import { loadSsoCard } from "@/lib/sso/tenant-sso-config";
import { requireTenantAdmin } from "@/lib/web/current-user";
import { GroupMappingsCard } from "./group-mappings-card";

export const metadata: Metadata = { title: "Group mappings" };

export default async function GroupMappingsPage() {
  const admin = await requireTenantAdmin();
  const [sso, mappings] = await Promise.all([loadSsoCard(getDb(), admin.tenant.id), listGroupMappings(getDb(), admin.tenant.id)]);
  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-xl font-semibold tracking-tight">Group mappings</h1>
        <p className="mt-1 text-sm text-slate-600">Give {admin.tenant.name}&apos;s people a role and MCP scopes from the groups their identity provider puts them in.</p>
      </div>
      <p className="rounded-xl border border-slate-200 bg-slate-50 p-4 text-sm text-slate-700" id="precedence">
        {USER_MESSAGES.group_mappings_precedence}
      </p>
      {sso.kind === "entra" ? (
        <p className="text-sm text-slate-700" id="entra-setup">
          {USER_MESSAGES.group_mappings_entra_setup}
        </p>
      ) : null}
      {sso.enabled ? null : (
        <p role="note" className="text-sm text-amber-800">
          {USER_MESSAGES.group_mappings_need_sso}
        </p>
      )}
      <GroupMappingsCard kind={sso.kind} mappings={mappings} />
    </div>
  );
}
