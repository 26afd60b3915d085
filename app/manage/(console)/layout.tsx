import Link from "next/link";
import type { ReactNode } from "react";
import { STAFF_APP_ROLES } from "@/lib/manage/staff-sign-in";
import { requireStaff } from "@/lib/web/current-staff";
import { staffSignOutAction } from "../actions";

/** The console's frame: staff only (each page checks again; a layout alone does not re-run on navigation). */
export default async function ConsoleLayout({ children }: { children: ReactNode }) {
  const staff = await requireStaff();
  return (
    <div className="min-h-screen">
      <header className="border-b border-slate-800 bg-slate-900 text-slate-100">
        <div className="mx-auto flex max-w-6xl flex-wrap items-center justify-between gap-3 px-4 py-3 sm:px-6">
          <div className="flex flex-wrap items-center gap-x-6 gap-y-2">
            <Link href="/manage" className="flex items-center gap-2 font-semibold">
              <span className="inline-flex h-7 w-7 items-center justify-center rounded-lg bg-brand-600 text-xs font-bold text-white">G</span>
              Gatehouse console
            </Link>
            <nav aria-label="Console" className="flex gap-4 text-sm">
              <Link href="/manage" className="text-slate-300 hover:text-white">
                Tenants
              </Link>
              <Link href="/manage/users" className="text-slate-300 hover:text-white">
                Users
              </Link>
              <Link href="/manage/audit" className="text-slate-300 hover:text-white">
                Audit log
              </Link>
              <Link href="/manage/oauth-clients" className="text-slate-300 hover:text-white">
                OAuth clients
              </Link>
            </nav>
          </div>
          <div className="flex flex-wrap items-center gap-4 text-sm">
            <span data-testid="staff-identity">
              {staff.name ?? staff.email} · {STAFF_APP_ROLES[staff.role]}
            </span>
            <form action={staffSignOutAction}>
              <button type="submit" className="rounded-md border border-slate-600 px-3 py-1 text-slate-200 hover:bg-slate-800">
                Sign out
              </button>
            </form>
          </div>
        </div>
      </header>
      <main className="mx-auto max-w-6xl px-4 py-8 sm:px-6">{children}</main>
    </div>
  );
}
