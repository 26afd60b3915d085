"use client";

import { useActionState } from "react";
import { secondaryButtonClass } from "../../_components/ui";
import { SettingsField, useAddForm } from "../../_components/settings-card";
import { addServicePrincipalAction, changeServicePrincipalAction, type ServicePrincipalState } from "./actions";

type App = { appId: string; name: string; scopes: string; enabled: boolean };

/**
 * Applications (service principals) that call the MCP server with Entra app-only tokens: client credentials with
 * `scope=api://<MCP API>/.default`, authorized on the token's `roles`.
 */
export function ServicePrincipalsCard({ apps, requiredScope, audience }: { apps: App[]; requiredScope: string; audience: string }) {
  const [added, addAction, adding] = useActionState<ServicePrincipalState, FormData>(addServicePrincipalAction, {});
  const [changed, changeAction, changing] = useActionState<ServicePrincipalState, FormData>(changeServicePrincipalAction, {});
  const { formRef: addForm, submit: submitAdd } = useAddForm(addAction, added);

  return (
    <section aria-labelledby="apps-title" className="rounded-2xl border border-slate-200 bg-white p-6 shadow-sm">
      <h2 id="apps-title" className="text-lg font-semibold">
        Applications (app-only access)
      </h2>
      <p className="mt-1 text-sm text-slate-600">
        Services that call the MCP server as themselves get a token by client credentials with scope{" "}
        <code className="font-mono text-xs">api://{audience || "<Audience>"}/.default</code>. Give their app registration the application permission (app role){" "}
        <code className="font-mono text-xs">{requiredScope}</code> on the MCP API app, then register it here by its Application (client) ID.
      </p>

      <form ref={addForm} onSubmit={submitAdd} noValidate aria-label="Register application" className="mt-4 grid items-end gap-4 sm:grid-cols-[2fr_1fr_1fr_auto]">
        <SettingsField id="app-id" name="appId" label="Application (client) ID" defaultValue="" error={added.fieldErrors?.appId} />
        <SettingsField id="app-name" name="name" label="Name" defaultValue="" error={added.fieldErrors?.name} />
        <SettingsField id="app-scopes" name="scopes" label="Allowed MCP scopes" defaultValue="" placeholder={requiredScope} error={added.fieldErrors?.scopes} />
        <button type="submit" disabled={adding} className={`${secondaryButtonClass} disabled:opacity-70`}>
          {adding ? "Registering…" : "Register application"}
        </button>
      </form>
      {[added, changed].map((state, i) =>
        state.done || state.error ? (
          <p key={i} role="status" className={`mt-2 text-sm ${state.error ? "text-red-800" : "text-green-800"}`}>
            {state.done ?? state.error}
          </p>
        ) : null,
      )}

      <table className="mt-4 w-full text-left text-sm">
        <thead className="text-xs uppercase text-slate-500">
          <tr>
            <th className="py-2">Name</th>
            <th className="py-2">Application ID</th>
            <th className="py-2">Allowed MCP scopes</th>
            <th className="py-2">Status</th>
            <th className="py-2">
              <span className="sr-only">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {apps.map((app) => (
            <tr key={app.appId} className="border-t border-slate-100">
              <td className="py-2">{app.name}</td>
              <td className="py-2 font-mono text-xs">{app.appId}</td>
              <td className="py-2">{app.scopes}</td>
              <td className="py-2">{app.enabled ? "Enabled" : "Disabled"}</td>
              <td className="py-2 text-right">
                <form action={changeAction} className="inline-flex gap-3">
                  <input type="hidden" name="appId" value={app.appId} />
                  <button type="submit" name="intent" value={app.enabled ? "disable" : "enable"} disabled={changing} aria-label={`${app.enabled ? "Disable" : "Enable"} ${app.name}`} className="text-sm hover:underline disabled:opacity-70">
                    {app.enabled ? "Disable" : "Enable"}
                  </button>
                  <button type="submit" name="intent" value="remove" disabled={changing} aria-label={`Remove ${app.name}`} className="text-sm font-medium text-red-700 hover:underline disabled:opacity-70">
                    Remove
                  </button>
                </form>
              </td>
            </tr>
          ))}
          {apps.length === 0 ? (
            <tr>
              <td colSpan={5} className="py-4 text-slate-500">
                No application is registered: app-only tokens are refused.
              </td>
            </tr>
          ) : null}
        </tbody>
      </table>
    </section>
  );
}
