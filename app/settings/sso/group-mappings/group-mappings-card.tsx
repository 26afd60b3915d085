"use client";

import { useActionState } from "react";
import { secondaryButtonClass } from "../../../_components/ui";
import { SettingsField, useAddForm } from "../../../_components/settings-card";
import { addGroupMappingAction, changeGroupMappingAction, type GroupMappingsState } from "./actions";

type Mapping = { id: string; groupId: string; role: "admin" | "member"; scopes: string };

/** The workspace's group mappings in priority order: add at the end, move up or down, remove. */
export function GroupMappingsCard({ kind, mappings }: { kind: "entra" | "oidc"; mappings: Mapping[] }) {
  const [added, addAction, adding] = useActionState<GroupMappingsState, FormData>(addGroupMappingAction, {});
  const [changed, changeAction, changing] = useActionState<GroupMappingsState, FormData>(changeGroupMappingAction, {});
  const { formRef: addForm, submit: submitAdd } = useAddForm(addAction, added);
  const groupLabel = kind === "entra" ? "Group Object ID" : "Group name";

  return (
    <section aria-labelledby="mappings-title" className="rounded-2xl border border-slate-200 bg-white p-6 shadow-sm">
      <h2 id="mappings-title" className="text-lg font-semibold">
        Mappings, highest priority first
      </h2>
      <p className="mt-1 text-sm text-slate-600">
        {kind === "entra" ? "Microsoft Entra ID sends group Object IDs (Groups → the group → Overview → Object Id)." : "Your identity provider sends group names in the groups claim."}
      </p>

      <form ref={addForm} onSubmit={submitAdd} noValidate aria-label="Add mapping" className="mt-4 grid items-end gap-4 sm:grid-cols-[2fr_1fr_2fr_auto]">
        <SettingsField id="mapping-group" name="groupId" label={groupLabel} defaultValue="" error={added.fieldErrors?.groupId} />
        <div>
          <label htmlFor="mapping-role" className="block text-sm font-medium text-slate-700">
            Role
          </label>
          <select id="mapping-role" name="role" defaultValue="member" aria-invalid={Boolean(added.fieldErrors?.role)} className="mt-1 w-full rounded-lg border border-slate-300 px-3 py-2 text-sm">
            <option value="member">member</option>
            <option value="admin">admin</option>
          </select>
          {added.fieldErrors?.role ? <p className="mt-1 text-sm text-red-700">{added.fieldErrors.role}</p> : null}
        </div>
        <SettingsField id="mapping-scopes" name="scopes" label="MCP scopes" defaultValue="" error={added.fieldErrors?.scopes} />
        <button type="submit" disabled={adding} className={`${secondaryButtonClass} disabled:opacity-70`}>
          {adding ? "Adding…" : "Add mapping"}
        </button>
      </form>
      {added.done || added.error ? (
        <p role="status" className={`mt-2 text-sm ${added.error ? "text-red-800" : "text-green-800"}`}>
          {added.done ?? added.error}
        </p>
      ) : null}
      {changed.done || changed.error ? (
        <p role="status" className={`mt-2 text-sm ${changed.error ? "text-red-800" : "text-green-800"}`}>
          {changed.done ?? changed.error}
        </p>
      ) : null}

      <table className="mt-4 w-full text-left text-sm">
        <thead className="text-xs uppercase text-slate-500">
          <tr>
            <th className="py-2">Priority</th>
            <th className="py-2">{groupLabel}</th>
            <th className="py-2">Role</th>
            <th className="py-2">MCP scopes</th>
            <th className="py-2">
              <span className="sr-only">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {mappings.map((mapping, index) => (
            <tr key={mapping.id} className="border-t border-slate-100">
              <td className="py-2">{index + 1}</td>
              <td className="py-2 font-mono text-xs">{mapping.groupId}</td>
              <td className="py-2">{mapping.role}</td>
              <td className="py-2">{mapping.scopes || "—"}</td>
              <td className="py-2 text-right">
                <form action={changeAction} className="inline-flex gap-3">
                  <input type="hidden" name="id" value={mapping.id} />
                  <button type="submit" name="intent" value="up" disabled={changing || index === 0} aria-label={`Move ${mapping.groupId} up`} className="text-sm hover:underline disabled:opacity-40">
                    Up
                  </button>
                  <button type="submit" name="intent" value="down" disabled={changing || index === mappings.length - 1} aria-label={`Move ${mapping.groupId} down`} className="text-sm hover:underline disabled:opacity-40">
                    Down
                  </button>
                  <button type="submit" name="intent" value="remove" disabled={changing} aria-label={`Remove ${mapping.groupId}`} className="text-sm font-medium text-red-700 hover:underline disabled:opacity-70">
                    Remove
                  </button>
                </form>
              </td>
            </tr>
          ))}
          {mappings.length === 0 ? (
            <tr>
              <td colSpan={5} className="py-4 text-slate-500">
                No mappings yet: roles come from app roles and the SSO card only.
              </td>
            </tr>
          ) : null}
        </tbody>
      </table>
    </section>
  );
}
