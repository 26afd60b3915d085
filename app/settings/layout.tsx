import Link from "next/link";
import type { ReactNode } from "react";
import { requireTenantAdmin } from "@/lib/web/current-user";
import { SignOutButton } from "../_components/sign-out-button";

/** Tenant settings: for the tenant's admins only (every page also checks; a layout alone does not re-run). */
export default async function SettingsLayout({ children }: { children: ReactNode }) {
  const admin = await requireTenantAdmin();
  return (
    <div className="min-h-screen">
      <header className="border-b border-slate-200 bg-white">
        <div className="mx-auto flex max-w-5xl items-center justify-between px-6 py-3">
          <div className="flex items-center gap-6">
            <Link href="/" className="flex items-center gap-2 font-semibold text-slate-800">
              <span className="inline-flex h-7 w-7 items-center justify-center rounded-lg bg-brand-600 text-xs font-bold text-white">G</span>
              {admin.tenant.name}
            </Link>
            <nav aria-label="Settings" className="flex gap-4 text-sm">
              <Link href="/settings/sso" className="text-slate-600 hover:text-slate-900">
                SSO
              </Link>
              <Link href="/settings/users" className="text-slate-600 hover:text-slate-900">
                Users
              </Link>
              <Link href="/settings/mcp" className="text-slate-600 hover:text-slate-900">
                MCP access
              </Link>
            </nav>
          </div>
          <SignOutButton />
        </div>
      </header>
      <main className="mx-auto max-w-5xl px-6 py-8">{children}</main>
    </div>
  );
}
