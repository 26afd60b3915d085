import type { Metadata } from "next";
import Link from "next/link";
import { getDb } from "@/db/instance";
import { USER_PAGE_SIZE, listUsers } from "@/lib/manage/user-directory";
import { formatUtcDateTime } from "@/lib/time/format-utc";
import { requireStaff } from "@/lib/web/current-staff";
import { inputClass, linkClass, secondaryButtonClass } from "../../../_components/ui";
import { ConsoleTable } from "../../_components/console-table";
import { Pager } from "../../_components/pager";

export const metadata: Metadata = { title: "Users · Console" };

export default async function UsersPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  await requireStaff();
  const raw = await searchParams;
  const page = await listUsers(getDb(), new URLSearchParams(Object.entries(raw).flatMap(([k, v]) => (typeof v === "string" ? [[k, v]] : []))));
  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-xl font-semibold tracking-tight">Users</h1>
        <p className="mt-1 text-sm text-slate-600">Every person who can sign in, with or without a workspace.</p>
      </div>
      <form method="get" role="search" className="flex max-w-lg gap-2">
        <label htmlFor="q" className="sr-only">
          Search users
        </label>
        <input id="q" name="q" defaultValue={page.query} placeholder="Name, email or login" maxLength={254} className={`${inputClass} mt-0`} />
        <button type="submit" className={secondaryButtonClass}>
          Search
        </button>
      </form>
      <ConsoleTable columns={["User", "Workspaces", "Last sign-in (UTC)"]} empty="No user matches." isEmpty={page.users.length === 0} testId="users-table">
        {page.users.map((u) => (
          <tr key={u.id}>
            <td className="px-4 py-2">
              <Link className={linkClass} href={`/manage/users/${u.id}`}>
                {u.name ?? u.email ?? u.login ?? u.id}
              </Link>
              <div className="text-xs break-all text-slate-500">{u.email ?? u.login ?? "No email"}</div>
            </td>
            <td className="px-4 py-2 tabular-nums">{u.workspaces === 0 ? "None" : u.workspaces}</td>
            <td className="px-4 py-2 whitespace-nowrap">{u.lastSignInAt ? formatUtcDateTime(u.lastSignInAt) : "Never"}</td>
          </tr>
        ))}
      </ConsoleTable>
      <Pager path="/manage/users" params={{ q: page.query }} page={page.page} pageSize={USER_PAGE_SIZE} total={page.total} />
    </div>
  );
}
