import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { getDb } from "@/db/instance";
import { loadUserDetail } from "@/lib/manage/user-detail";
import { listGrantsOfUser } from "@/lib/oauth/grants-of-user";
import { formatUtcDateTime } from "@/lib/time/format-utc";
import { systemClock } from "@/lib/time/clock";
import { requireStaff } from "@/lib/web/current-staff";
import { DefinitionList, linkClass } from "../../../../_components/ui";
import { ConsoleAction } from "../../../_components/console-action";
import { ConnectedApps } from "./connected-apps";

export const metadata: Metadata = { title: "User · Console" };

export default async function UserDetailPage({ params }: { params: Promise<{ userId: string }> }) {
  const staff = await requireStaff();
  const { userId } = await params;
  const detail = await loadUserDetail(getDb(), userId, systemClock);
  if (!detail) notFound();
  const grants = await listGrantsOfUser(getDb(), detail.user.id);
  const { user, login, identities, memberships, activeSessions } = detail;
  return (
    <div className="max-w-2xl min-w-0 space-y-8">
      <div className="flex flex-wrap items-start justify-between gap-4">
        <div>
          <h1 className="text-xl font-semibold tracking-tight">{user.name ?? user.email ?? login ?? user.id}</h1>
          <p className="text-sm text-slate-600">{user.email ?? login ?? "No email"}</p>
        </div>
        {staff.role === "admin" ? (
          <ConsoleAction
            label="End all sessions"
            tone="danger"
            method="DELETE"
            url={`/api/v1/manage/users/${user.id}/sessions`}
            confirm="End every session of this user? They are signed out everywhere at their next request."
            done="All sessions ended: the user is signed out everywhere."
            disabled={activeSessions === 0}
            disabledReason="This user has no active session."
          />
        ) : null}
      </div>
      <DefinitionList
        items={[
          ["Active sessions", <span key="n" data-testid="active-sessions">{activeSessions}</span>],
          ["Last sign-in (UTC)", user.lastSignInAt ? formatUtcDateTime(user.lastSignInAt) : "Never"],
          ["Created (UTC)", formatUtcDateTime(user.createdAt)],
          ["Password login", login ?? "—"],
        ]}
      />
      <section aria-labelledby="identities">
        <h2 id="identities" className="mb-2 font-semibold">Identities</h2>
        <ul className="divide-y divide-slate-100 rounded-lg border border-slate-200 bg-white text-sm">
          {identities.map((i) => (
            <li key={`${i.provider} ${i.account}`} className="px-4 py-2">
              <span className="font-medium">{i.provider}</span> <span className="font-mono text-xs text-slate-600">{i.account}</span>
            </li>
          ))}
          {identities.length === 0 ? <li className="px-4 py-2 text-slate-500">Password only.</li> : null}
        </ul>
      </section>
      <section aria-labelledby="workspaces">
        <h2 id="workspaces" className="mb-2 font-semibold">Workspaces</h2>
        <ul className="divide-y divide-slate-100 rounded-lg border border-slate-200 bg-white text-sm">
          {memberships.map((m) => (
            <li key={m.tenantId} className="px-4 py-2">
              <Link className={linkClass} href={`/manage/tenants/${m.tenantId}`}>
                {m.tenantName}
              </Link>{" "}
              · {m.role === "admin" ? "Admin" : "Member"}
              {m.tenantStatus === "disabled" ? " · disabled" : ""}
            </li>
          ))}
          {memberships.length === 0 ? <li className="px-4 py-2 text-slate-500">None.</li> : null}
        </ul>
      </section>
      <ConnectedApps
        userId={user.id}
        canRevoke={staff.role === "admin"}
        apps={grants.map((g) => ({
          clientId: g.clientId,
          name: g.clientName ?? g.clientId,
          redirectHosts: g.redirectHosts,
          tenantId: g.tenantId,
          tenantName: g.tenantName,
          scopes: g.scopes,
          grantedAt: formatUtcDateTime(g.grantedAt),
        }))}
      />
    </div>
  );
}
