import type { Metadata } from "next";
import Link from "next/link";
import { getDb } from "@/db/instance";
import { API_KEY_EXPIRY_DAYS, listApiKeys, scopesHeldBy, type ApiKeyView } from "@/lib/api-keys/personal-api-keys";
import { messageFor, type UserMessageCode } from "@/lib/errors/user-messages";
import { systemClock } from "@/lib/time/clock";
import { formatUtcDateTime } from "@/lib/time/format-utc";
import { requireSignedInUser } from "@/lib/web/current-user";
import { Card, linkClass, Page } from "../../_components/ui";
import { CreateApiKeyForm } from "./create-api-key-form";
import { RevokeApiKeyButton } from "./revoke-api-key-button";

export const metadata: Metadata = { title: "API keys" };

function statusOf(key: ApiKeyView, now: Date): "revoked" | "expired" | "live" {
  if (key.revokedAt) return "revoked";
  return key.expiresAt.getTime() <= now.getTime() ? "expired" : "live";
}

/** API keys: the person's keys for the MCP gateway in this workspace; create (shown once), last used, revoke. */
export default async function ApiKeysPage() {
  const user = await requireSignedInUser();
  const keys = await listApiKeys(getDb(), { userId: user.id, tenantId: user.tenant.id });
  const now = systemClock.now();
  const scopes = scopesHeldBy().map((value) => ({ value, label: messageFor(`oauth_scope_${value}` as UserMessageCode) }));
  return (
    <Page>
      <Card title="API keys" subtitle={messageFor("api_keys_explanation")}>
        <CreateApiKeyForm expiryDays={API_KEY_EXPIRY_DAYS} scopes={scopes} hint={messageFor("api_key_name_invalid")} />
        <h2 className="mt-8 mb-2 font-semibold">Your keys in {user.tenant.name}</h2>
        {keys.length === 0 ? (
          <p className="text-sm text-slate-600">{messageFor("api_keys_empty")}</p>
        ) : (
          <ul className="divide-y divide-slate-100 rounded-lg border border-slate-200" data-testid="api-keys">
            {keys.map((key) => {
              const status = statusOf(key, now);
              return (
                <li key={key.id} className="flex flex-wrap items-start justify-between gap-3 px-4 py-3 text-sm">
                  <div className="min-w-0 flex-1">
                    <p className="break-words font-medium text-slate-900">{key.name}</p>
                    <p className="break-all font-mono text-xs text-slate-600">{key.prefix}…</p>
                    <p className="text-xs text-slate-500">
                      {key.scopes.join(" ")} · {status === "revoked" ? "revoked" : status === "expired" ? "expired" : "expires"}{" "}
                      {formatUtcDateTime(status === "revoked" ? key.revokedAt! : key.expiresAt)}
                    </p>
                    <p className="text-xs text-slate-500">Last used {key.lastUsedAt ? formatUtcDateTime(key.lastUsedAt) : "never"}</p>
                  </div>
                  {status === "live" ? <RevokeApiKeyButton keyId={key.id} name={key.name} /> : null}
                </li>
              );
            })}
          </ul>
        )}
        <p className="mt-6 text-sm">
          <Link className={linkClass} href="/account">
            Back to My account
          </Link>
        </p>
      </Card>
    </Page>
  );
}
