import type { Metadata } from "next";
import { getDb } from "@/db/instance";
import { getSettings } from "@/lib/config/load-settings";
import { loadMcpAccessCard } from "@/lib/mcp/mcp-access-settings";
import { mcpUrl } from "@/lib/mcp/mcp-urls";
import { listServicePrincipals } from "@/lib/mcp/entra-service-principals";
import { listProvisionedUsers } from "@/lib/mcp/provisioned-users";
import { requireTenantAdmin } from "@/lib/web/current-user";
import { McpAccessCard } from "./mcp-access-card";
import { ProvisionedUsersCard } from "./provisioned-users-card";
import { RegistrationSteps } from "./registration-steps";
import { ServicePrincipalsCard } from "./service-principals-card";

export const metadata: Metadata = { title: "MCP access" };

export default async function McpSettingsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const admin = await requireTenantAdmin();
  const params = await searchParams;
  const search = typeof params.q === "string" ? params.q.slice(0, 200) : "";
  const page = Number(typeof params.page === "string" && /^\d{1,6}$/.test(params.page) ? params.page : "1") || 1;
  const [card, users, apps] = await Promise.all([
    loadMcpAccessCard(getDb(), admin.tenant.id),
    listProvisionedUsers(getDb(), admin.tenant.id, { page, search }),
    listServicePrincipals(getDb(), admin.tenant.id),
  ]);
  const url = mcpUrl(getSettings().apiPublicUrl, admin.tenant.key);
  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-xl font-semibold tracking-tight">MCP access</h1>
        <p className="mt-1 text-sm text-slate-600">
          Let {admin.tenant.name}&apos;s developers reach the MCP server from VS Code, Claude Code or Cursor with their Microsoft Entra ID accounts.
        </p>
      </div>
      <McpAccessCard initial={card} mcpUrl={url} />
      <ProvisionedUsersCard
        users={users.users.map((u) => ({ oid: u.oid, email: u.email, createdAt: u.createdAt.toISOString() }))}
        total={users.total}
        page={users.page}
        pageSize={users.pageSize}
        search={search}
      />
      <ServicePrincipalsCard
        apps={apps.map((a) => ({ appId: a.appId, name: a.name, scopes: a.scopes.join(" "), enabled: a.enabled }))}
        requiredScope={card.requiredScope}
        audience={card.audience}
      />
      <RegistrationSteps audience={card.audience} scope={card.requiredScope} mcpUrl={url} />
    </div>
  );
}
