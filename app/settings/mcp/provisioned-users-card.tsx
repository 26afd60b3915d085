"use client";

import Link from "next/link";
import { useActionState } from "react";
import { secondaryButtonClass } from "../../_components/ui";
import { CsvImport } from "./csv-import";
import { addProvisionedUserAction, removeProvisionedUserAction, type ProvisionState } from "./actions";
import { SettingsField, useAddForm } from "../../_components/settings-card";

type Row = { oid: string; email: string; createdAt: string };

/** Microsoft Entra ID users: who may use the MCP server, by Object ID (no auto-provisioning). */
export function ProvisionedUsersCard({ users, total, page, pageSize, search }: { users: Row[]; total: number; page: number; pageSize: number; search: string }) {
  const [added, addAction, adding] = useActionState<ProvisionState, FormData>(addProvisionedUserAction, {});
  const [removed, removeAction, removing] = useActionState<ProvisionState, FormData>(removeProvisionedUserAction, {});
  const { formRef: addForm, submit: submitAdd } = useAddForm(addAction, added);
  const pages = Math.max(1, Math.ceil(total / pageSize));
  const link = (p: number) => `/settings/mcp?${new URLSearchParams({ ...(search ? { q: search } : {}), page: String(p) })}`;

  return (
    <section aria-labelledby="provisioned-title" className="rounded-2xl border border-slate-200 bg-white p-6 shadow-sm">
      <h2 id="provisioned-title" className="text-lg font-semibold">
        Microsoft Entra ID users
      </h2>
      <p className="mt-1 text-sm text-slate-600">Only these people get through, even with an otherwise valid token.</p>

      <form ref={addForm} onSubmit={submitAdd} noValidate aria-label="Add user" className="mt-4 grid items-end gap-4 sm:grid-cols-[1fr_1fr_auto]">
        <SettingsField id="provision-email" name="email" label="Email" defaultValue="" error={added.fieldErrors?.email} />
        <SettingsField id="provision-oid" name="oid" label="Object ID (oid)" defaultValue="" error={added.fieldErrors?.oid} />
        <button type="submit" disabled={adding} className={`${secondaryButtonClass} disabled:opacity-70`}>
          {adding ? "Adding…" : "Add user"}
        </button>
      </form>
      {added.done ? (
        <p role="status" className="mt-2 text-sm text-green-800">
          {added.done}
        </p>
      ) : null}
      {removed.done || removed.error ? (
        <p role="status" className={`mt-2 text-sm ${removed.error ? "text-red-800" : "text-green-800"}`}>
          {removed.done ?? removed.error}
        </p>
      ) : null}

      <CsvImport />

      <form method="get" action="/settings/mcp" role="search" className="mt-6 flex gap-2">
        <label htmlFor="provision-search" className="sr-only">
          Search by e-mail or Object ID
        </label>
        <input id="provision-search" name="q" defaultValue={search} placeholder="Search by e-mail or Object ID" className="w-full rounded-lg border border-slate-300 px-3 py-2 text-sm" />
        <button type="submit" className={secondaryButtonClass}>
          Search
        </button>
      </form>

      <table className="mt-4 w-full text-left text-sm">
        <thead className="text-xs uppercase text-slate-500">
          <tr>
            <th className="py-2">Email</th>
            <th className="py-2">Object ID</th>
            <th className="py-2">Added</th>
            <th className="py-2">
              <span className="sr-only">Remove</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {users.map((user) => (
            <tr key={user.oid} className="border-t border-slate-100">
              <td className="py-2">{user.email}</td>
              <td className="py-2 font-mono text-xs">{user.oid}</td>
              <td className="py-2 text-slate-500">{user.createdAt.slice(0, 10)}</td>
              <td className="py-2 text-right">
                <form action={removeAction}>
                  <input type="hidden" name="oid" value={user.oid} />
                  <button type="submit" disabled={removing} aria-label={`Remove ${user.email}`} className="text-sm font-medium text-red-700 hover:underline disabled:opacity-70">
                    Remove
                  </button>
                </form>
              </td>
            </tr>
          ))}
          {users.length === 0 ? (
            <tr>
              <td colSpan={4} className="py-4 text-slate-500">
                {search ? "Nobody matches this search." : "Nobody is provisioned yet."}
              </td>
            </tr>
          ) : null}
        </tbody>
      </table>
      <nav aria-label="Pages" className="mt-4 flex items-center justify-between text-sm text-slate-600">
        <span>
          {total} user{total === 1 ? "" : "s"} · page {page} of {pages}
        </span>
        <span className="flex gap-3">
          {page > 1 ? <Link href={link(page - 1)}>Previous</Link> : null}
          {page < pages ? <Link href={link(page + 1)}>Next</Link> : null}
        </span>
      </nav>
    </section>
  );
}
