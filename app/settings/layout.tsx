import Link from "next/link";
import type { ReactNode } from "react";
import { requireTenantAdmin } from "@/lib/web/current-user";
import { SignOutButton } from "../_components/sign-out-button";
import { SettingsNav } from "./settings-nav";

/** Tenant settings: for the tenant's admins only (every page also checks; a layout alone does not re-run). */
export default async function SettingsLayout({ children }: { children: ReactNode }) {
  const admin = await requireTenantAdmin();
  return (
    <div className="min-h-screen">
      <header className="border-b border-slate-200 bg-white">
        <div className="mx-auto flex max-w-5xl flex-wrap items-center justify-between gap-3 px-4 py-3 sm:px-6">
          <div className="flex flex-wrap items-center gap-x-6 gap-y-2">
            <Link href="/" className="flex items-center gap-2 font-semibold text-slate-800">
              <span className="inline-flex h-7 w-7 items-center justify-center rounded-lg bg-brand-600 text-xs font-bold text-white">G</span>
              {admin.tenant.name}
            </Link>
            <SettingsNav />
          </div>
          <SignOutButton />
        </div>
      </header>
      <main className="mx-auto max-w-5xl px-4 py-8 sm:px-6">{children}</main>
    </div>
  );
}
