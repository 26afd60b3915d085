import type { Metadata } from "next";
import { getDb } from "@/db/instance";
import { listConfidentialClients } from "@/lib/oauth/confidential-clients";
import { formatUtcDateTime } from "@/lib/time/format-utc";
import { requireStaff } from "@/lib/web/current-staff";
import { Card } from "../../../_components/ui";
import { ClientRowActions, RegisterClientForm } from "./client-forms";

export const metadata: Metadata = { title: "OAuth clients · Console" };

const GRANT_LABELS: Record<string, string> = { "urn:ietf:params:oauth:grant-type:jwt-bearer": "jwt-bearer (ID-JAG)", authorization_code: "authorization_code" };

/** Confidential OAuth clients staff register: MCP clients presenting Okta ID-JAGs, and server apps. */
export default async function OAuthClientsPage() {
  const staff = await requireStaff();
  const clients = await listConfidentialClients(getDb());
  return (
    <div className="space-y-8">
      <div>
        <h1 className="text-xl font-semibold tracking-tight">OAuth clients</h1>
        <p className="mt-1 max-w-2xl text-sm text-slate-600">
          Confidential clients of Gatehouse&apos;s authorization server. A client&apos;s secret is shown once, when it is registered or rotated;
          Gatehouse keeps only a hash. Rotating keeps the previous secret working beside the new one until the next rotation.
        </p>
      </div>
      {staff.role === "admin" ? (
        <Card title="Register a client">
          <RegisterClientForm />
        </Card>
      ) : null}
      <ul className="space-y-4" data-testid="oauth-clients">
        {clients.map((c) => (
          <li key={c.clientId} className="rounded-lg border border-slate-200 bg-white p-4" data-testid={`oauth-client-${c.clientId}`}>
            <div className="flex flex-wrap items-center justify-between gap-2">
              <span className="font-medium">{c.name}</span>
              <code className="text-xs break-all">{c.clientId}</code>
            </div>
            <p className="mt-1 text-sm text-slate-600">
              {c.grantTypes.map((g) => GRANT_LABELS[g] ?? g).join(", ")} · {c.authMethod} · {c.liveSecrets === 2 ? "two live secrets" : "one live secret"} · registered{" "}
              {formatUtcDateTime(c.createdAt)}
              {c.secretRotatedAt ? `, secret rotated ${formatUtcDateTime(c.secretRotatedAt)}` : ""}
            </p>
            {c.redirectUris.length ? <p className="mt-1 text-xs break-all text-slate-500">{c.redirectUris.join(" · ")}</p> : null}
            {staff.role === "admin" ? (
              <div className="mt-3">
                <ClientRowActions clientId={c.clientId} name={c.name} />
              </div>
            ) : null}
          </li>
        ))}
        {clients.length === 0 ? <li className="text-sm text-slate-500">No client registered yet.</li> : null}
      </ul>
    </div>
  );
}
