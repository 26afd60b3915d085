import Link from "next/link";
import { messageFor } from "@/lib/errors/user-messages";
import { linkClass } from "../../_components/ui";

/** The console's own "not allowed" page, inside the console's frame: for Staff.Support on an admin-only page. */
export function ConsoleForbidden() {
  return (
    <div className="max-w-lg space-y-3" data-testid="console-forbidden">
      <h1 className="text-xl font-semibold tracking-tight">403 · Not allowed</h1>
      <p className="text-sm text-slate-700">{messageFor("staff_read_only")}</p>
      <p className="text-sm">
        <Link href="/manage" className={linkClass}>
          Back to tenants
        </Link>
      </p>
    </div>
  );
}
