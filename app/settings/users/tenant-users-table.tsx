"use client";

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { USER_MESSAGES } from "@/lib/errors/user-messages";
import type { SignInMethod } from "@/lib/tenancy/tenant-users";
import type { SortDirection, TenantUserSort } from "@/lib/tenancy/tenant-users-query";
import type { TenantUsersResponse } from "@/lib/tenancy/tenant-users-response";
import { formatUtcDateTime } from "@/lib/time/format-utc";
import { MAX_SEARCH_LENGTH } from "@/lib/tenancy/tenant-users-query";
import { Alert, Reference, inputClass, secondaryButtonClass } from "../../_components/ui";
import { RemoveUserDialog, type RemovableUser } from "./remove-user-dialog";
import { ROLE_LABELS, RoleSelect } from "./role-select";

const METHOD_LABELS: Record<SignInMethod, string> = { password: "Password", microsoft: "Microsoft", sso: "SSO" };
/** Below the sm breakpoint each row is a card: cells stack, each led by its column's name. */
const CELL = "px-4 py-3 max-sm:block max-sm:py-1 max-sm:before:mr-2 max-sm:before:text-xs max-sm:before:font-medium max-sm:before:uppercase max-sm:before:text-slate-500 max-sm:before:content-[attr(data-label)]";
const COLUMNS: { sort: TenantUserSort; label: string; firstDir: SortDirection }[] = [
  { sort: "name", label: "Name", firstDir: "asc" },
  { sort: "email", label: "Email", firstDir: "asc" },
  { sort: "role", label: "Role", firstDir: "asc" },
  // Most recent first is what an admin looking at sign-ins wants on the first click.
  { sort: "lastSignIn", label: "Last sign-in", firstDir: "desc" },
];

async function fetchUsers(sort: TenantUserSort, dir: SortDirection, page: number, search: string): Promise<TenantUsersResponse> {
  const params = new URLSearchParams({ sort, dir, page: String(page), ...(search ? { q: search } : {}) });
  const response = await fetch(`/api/v1/settings/users?${params}`, { headers: { accept: "application/json" } });
  const body = (await response.json().catch(() => ({}))) as TenantUsersResponse & { message?: string };
  if (!response.ok) throw new Error(body.message ?? "The users could not be loaded. Try again.");
  return body;
}

export function TenantUsersTable({ currentUserId }: { currentUserId: string }) {
  const [sort, setSort] = useState<TenantUserSort>("name");
  const [dir, setDir] = useState<SortDirection>("asc");
  const [page, setPage] = useState(1);
  const [search, setSearch] = useState("");
  const [removing, setRemoving] = useState<RemovableUser | null>(null);
  const [notice, setNotice] = useState<{ ok: boolean; text: string; reference?: string } | null>(null);
  const users = useQuery({
    queryKey: ["tenant-users", { sort, dir, page, search }],
    queryFn: () => fetchUsers(sort, dir, page, search),
    // The current page stays on screen (marked busy) while the next one loads, so the table does not jump.
    placeholderData: keepPreviousData,
  });

  const sortBy = (column: (typeof COLUMNS)[number]) => {
    if (column.sort === sort) setDir(dir === "asc" ? "desc" : "asc");
    else {
      setSort(column.sort);
      setDir(column.firstDir);
    }
    setPage(1);
  };

  if (users.isPending)
    return (
      <div role="status" aria-label="Loading users" className="space-y-2">
        {[0, 1, 2, 3].map((i) => (
          <div key={i} className="h-10 animate-pulse rounded bg-slate-100" />
        ))}
      </div>
    );
  if (users.isError && !users.data)
    return (
      <Alert>
        {users.error.message}{" "}
        <button type="button" onClick={() => void users.refetch()} className="font-medium underline">
          Try again
        </button>
      </Alert>
    );

  const data = users.data!;
  const lastPage = Math.max(1, Math.ceil(data.total / data.pageSize));
  // A removal can empty the last page: step back to the page that now is the last.
  if (!users.isPlaceholderData && data.users.length === 0 && page > lastPage) setPage(lastPage);
  const first = data.total === 0 ? 0 : (data.page - 1) * data.pageSize + 1;
  const last = (data.page - 1) * data.pageSize + data.users.length;

  const anyManaged = data.users.some((user) => user.roleManagedBySso);

  return (
    <div className="space-y-4">
      <form
        role="search"
        className="flex max-w-lg gap-2"
        onSubmit={(event) => {
          event.preventDefault();
          setSearch(String(new FormData(event.currentTarget).get("q") ?? "").trim());
          setPage(1);
        }}
      >
        <label htmlFor="users-q" className="sr-only">
          Search users
        </label>
        <input id="users-q" name="q" type="search" placeholder="Name or email" maxLength={MAX_SEARCH_LENGTH} className={`${inputClass} mt-0 min-w-0`} />
        <button type="submit" className={secondaryButtonClass}>
          Search
        </button>
      </form>
      {notice ? (
        <Alert tone={notice.ok ? "success" : "error"}>
          {notice.text}
          <Reference value={notice.reference} />
        </Alert>
      ) : null}
      {anyManaged ? (
        <p id="sso-managed-note" className="text-sm text-slate-600">
          <span className="font-medium text-slate-800">{USER_MESSAGES.role_managed_by_sso_badge}:</span> {USER_MESSAGES.role_managed_by_sso}
        </p>
      ) : null}
      {users.isError ? <Alert>{users.error.message}</Alert> : null}
      <div className="relative overflow-x-auto rounded-2xl border border-slate-200 bg-white shadow-sm">
        <table className="w-full text-left text-sm max-sm:block" aria-busy={users.isFetching} aria-describedby="users-range">
          <caption className="sr-only">Users of this workspace</caption>
          <thead className="max-sm:sr-only border-b border-slate-200 bg-slate-50 text-xs font-medium uppercase tracking-wide text-slate-500">
            <tr>
              {COLUMNS.slice(0, 3).map((column) => (
                <SortableHeader key={column.sort} column={column} sort={sort} dir={dir} onSort={sortBy} />
              ))}
              <th scope="col" className="px-4 py-3">
                Sign-in methods
              </th>
              <SortableHeader column={COLUMNS[3]!} sort={sort} dir={dir} onSort={sortBy} />
              <th scope="col" className="px-4 py-3">
                <span className="sr-only">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody className={`divide-y divide-slate-100 transition-opacity max-sm:block ${users.isPlaceholderData ? "opacity-60" : ""}`}>
            {data.users.map((user) => {
              const isSelf = user.id === currentUserId;
              const label = user.name ?? user.email ?? "this user";
              return (
                <tr key={user.id} className="max-sm:block max-sm:py-2">
                  <td data-label="Name" className={`${CELL} font-medium text-slate-900`}>
                    {user.name ?? <span className="text-slate-400">—</span>}
                    {isSelf ? <span className="ml-2 text-xs font-normal text-slate-500">(you)</span> : null}
                  </td>
                  <td data-label="Email" className={`${CELL} break-all text-slate-700`}>
                    {user.email ??
                      (user.unverifiedEmail ? (
                        <span className="text-slate-500" title={USER_MESSAGES.unverified_email_hint}>
                          {user.unverifiedEmail} <span className="text-xs text-amber-700">({USER_MESSAGES.unverified_email_badge})</span>
                        </span>
                      ) : (
                        <span className="text-slate-400">—</span>
                      ))}
                  </td>
                  <td data-label="Role" className={`${CELL} text-slate-700`}>
                    {user.roleManagedBySso ? (
                      <span aria-describedby="sso-managed-note">
                        {ROLE_LABELS[user.role]}{" "}
                        <span className="ml-1 rounded-full bg-amber-50 px-2 py-0.5 text-xs font-medium text-amber-800 ring-1 ring-inset ring-amber-200">
                          {USER_MESSAGES.role_managed_by_sso_badge}
                        </span>
                      </span>
                    ) : (
                      <RoleSelect
                        user={{ id: user.id, label, role: user.role }}
                        onChanged={(text) => setNotice({ ok: true, text })}
                        onRefused={(text, reference) => setNotice({ ok: false, text, reference })}
                      />
                    )}
                  </td>
                  <td data-label="Sign-in" className={CELL}>
                    {user.signInMethods.length > 0 ? (
                      <ul className="inline-flex flex-wrap gap-1" aria-label="Sign-in methods">
                        {user.signInMethods.map((method) => (
                          <li key={method} className="rounded-full bg-slate-100 px-2 py-0.5 text-xs font-medium text-slate-700">
                            {METHOD_LABELS[method]}
                          </li>
                        ))}
                      </ul>
                    ) : (
                      <span className="text-slate-400">—</span>
                    )}
                  </td>
                  <td data-label="Last sign-in" className={`${CELL} whitespace-nowrap text-slate-700`}>
                    {user.lastSignInAt ? <time dateTime={user.lastSignInAt}>{formatUtcDateTime(user.lastSignInAt)}</time> : "Never"}
                  </td>
                  <td className={`${CELL} text-right max-sm:text-left`}>
                    <button
                      type="button"
                      onClick={() => {
                        setNotice(null);
                        setRemoving({ id: user.id, label, isSelf });
                      }}
                      aria-label={`Remove ${label}`}
                      className="rounded-md px-2 py-1 text-sm font-medium text-red-700 hover:bg-red-50 focus-visible:outline-2 focus-visible:outline-red-600"
                    >
                      Remove
                    </button>
                  </td>
                </tr>
              );
            })}
            {data.users.length === 0 ? (
              <tr>
                <td colSpan={6} className="px-4 py-6 text-center text-slate-500">
                  {search ? `No user matches “${search}”.` : "No users on this page."}
                </td>
              </tr>
            ) : null}
          </tbody>
        </table>
      </div>
      <nav aria-label="Pagination" className="flex flex-wrap items-center justify-between gap-2 text-sm text-slate-600">
        <p id="users-range" aria-live="polite">
          {data.total === 0 ? "No users" : `${first}–${last} of ${data.total} user${data.total === 1 ? "" : "s"}`} · Page {data.page} of {lastPage}
        </p>
        <div className="flex gap-2">
          <button type="button" onClick={() => setPage(page - 1)} disabled={page <= 1} className={`${secondaryButtonClass} disabled:opacity-50`}>
            Previous
          </button>
          <button type="button" onClick={() => setPage(page + 1)} disabled={page >= lastPage} className={`${secondaryButtonClass} disabled:opacity-50`}>
            Next
          </button>
        </div>
      </nav>
      {removing ? (
        <RemoveUserDialog
          user={removing}
          onClose={() => setRemoving(null)}
          onRemoved={(user) => {
            setRemoving(null);
            setNotice({ ok: true, text: `${user.label} was removed from this workspace.` });
          }}
        />
      ) : null}
    </div>
  );
}

function SortableHeader({
  column,
  sort,
  dir,
  onSort,
}: {
  column: (typeof COLUMNS)[number];
  sort: TenantUserSort;
  dir: SortDirection;
  onSort(column: (typeof COLUMNS)[number]): void;
}) {
  const active = column.sort === sort;
  return (
    <th scope="col" aria-sort={active ? (dir === "asc" ? "ascending" : "descending") : undefined} className="px-4 py-3">
      <button
        type="button"
        onClick={() => onSort(column)}
        className="inline-flex items-center gap-1 uppercase tracking-wide hover:text-slate-900 focus-visible:outline-2 focus-visible:outline-brand-600"
      >
        {column.label}
        <span aria-hidden="true" className={active ? "text-slate-900" : "text-slate-300"}>
          {active && dir === "desc" ? "▼" : "▲"}
        </span>
      </button>
    </th>
  );
}
