"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";

const TABS = [
  ["/settings/sso", "SSO"],
  ["/settings/users", "Users"],
  ["/settings/domains", "Domains"],
  ["/settings/mcp", "MCP access"],
  ["/settings/machines", "Machines"],
  ["/settings/enterprise", "Enterprise"],
  ["/settings/audit", "Audit log"],
] as const;

/** The settings tabs; the one in view is marked (aria-current and an underline), so people know where they are. */
export function SettingsNav() {
  const path = usePathname();
  return (
    <nav aria-label="Settings" className="flex flex-wrap gap-x-4 gap-y-1 text-sm">
      {TABS.map(([href, label]) => {
        const current = path === href || path.startsWith(`${href}/`);
        return (
          <Link
            key={href}
            href={href}
            aria-current={current ? "page" : undefined}
            className={current ? "border-b-2 border-brand-600 font-semibold text-slate-900" : "text-slate-600 hover:text-slate-900"}
          >
            {label}
          </Link>
        );
      })}
    </nav>
  );
}
