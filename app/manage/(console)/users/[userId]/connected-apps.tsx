"use client";

import Link from "next/link";
import { useState } from "react";
import { Alert, linkClass } from "../../../../_components/ui";
import { ConsoleAction } from "../../../_components/console-action";

export type ConnectedAppRow = {
  clientId: string;
  name: string;
  redirectHosts: string[];
  tenantId: string | null;
  tenantName: string | null;
  scopes: string[];
  grantedAt: string;
};

/**
 * The apps a person connected, on the console's user page. Staff.Admin revokes one after confirming in the page;
 * what was revoked is said above the list, since the app's row is gone once the page re-renders.
 */
export function ConnectedApps({ userId, apps, canRevoke }: { userId: string; apps: ConnectedAppRow[]; canRevoke: boolean }) {
  const [revoked, setRevoked] = useState<string | null>(null);
  return (
    <section aria-labelledby="connected-apps">
      <h2 id="connected-apps" className="mb-2 font-semibold">
        Connected apps
      </h2>
      {revoked ? <Alert tone="success">{`${revoked} was revoked for this person: its refresh tokens no longer work.`}</Alert> : null}
      <ul className="divide-y divide-slate-100 rounded-lg border border-slate-200 bg-white text-sm">
        {apps.map((app) => (
          <li key={app.clientId} className="flex flex-wrap items-start justify-between gap-3 px-4 py-3">
            <div className="min-w-0">
              <p className="font-medium text-slate-900">{app.name}</p>
              <p className="break-all text-xs text-slate-600">
                {app.redirectHosts.length ? app.redirectHosts.join(", ") : "No redirect URI on record"} ·{" "}
                {app.tenantId ? (
                  <Link className={linkClass} href={`/manage/tenants/${app.tenantId}`}>
                    {app.tenantName ?? app.tenantId}
                  </Link>
                ) : (
                  "No workspace"
                )}
              </p>
              <p className="break-all text-xs text-slate-600">
                <span className="font-mono">{app.scopes.join(" ") || "—"}</span> · granted {app.grantedAt}
              </p>
            </div>
            {canRevoke ? (
              <ConsoleAction
                label="Revoke"
                tone="danger"
                method="DELETE"
                url={`/api/v1/manage/users/${encodeURIComponent(userId)}/grants/${encodeURIComponent(app.clientId)}`}
                confirm={`Revoke ${app.name} for this person? Its refresh tokens stop at once; an access token already issued expires within 15 minutes.`}
                onDone={() => setRevoked(app.name)}
              />
            ) : null}
          </li>
        ))}
        {apps.length === 0 ? <li className="px-4 py-2 text-slate-500">No connected apps.</li> : null}
      </ul>
    </section>
  );
}
