import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { getDb } from "@/db/instance";
import { messageFor } from "@/lib/errors/user-messages";
import { listConsents } from "@/lib/oauth/consents";
import { formatUtcDateTime } from "@/lib/time/format-utc";
import { getSignedInUser } from "@/lib/web/current-user";
import { Card, Page, secondaryButtonClass } from "../../_components/ui";
import { revokeConnectedApp } from "./actions";

export const metadata: Metadata = { title: "Connected apps" };

/** Connected apps: every application the person allowed, with what it may do, and Revoke. */
export default async function ConnectedAppsPage() {
  const user = await getSignedInUser();
  if (!user) redirect("/login");
  if (user.mustChangePassword) redirect("/change-password");
  const apps = await listConsents(getDb(), user.id);
  return (
    <Page>
      <Card title="Connected apps" subtitle={messageFor("connected_apps_explanation")}>
        {apps.length === 0 ? (
          <p className="text-sm text-slate-600">{messageFor("connected_apps_empty")}</p>
        ) : (
          <ul className="divide-y divide-slate-100 rounded-lg border border-slate-200">
            {apps.map((app) => (
              <li key={app.clientId} className="flex items-center justify-between gap-4 px-4 py-3 text-sm">
                <div className="min-w-0">
                  <p className="truncate font-medium text-slate-900">{app.clientName ?? app.clientId}</p>
                  <p className="truncate text-xs text-slate-500">
                    {app.scopes.join(" ") || "mcp"} · since {formatUtcDateTime(app.updatedAt)}
                  </p>
                </div>
                <form action={revokeConnectedApp}>
                  <input type="hidden" name="client_id" value={app.clientId} />
                  <button type="submit" className={secondaryButtonClass}>
                    Revoke
                  </button>
                </form>
              </li>
            ))}
          </ul>
        )}
      </Card>
    </Page>
  );
}
