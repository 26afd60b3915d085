import Link from "next/link";
import { linkClass } from "../../_components/ui";

/** Previous / next links that keep the other query parameters. */
export function Pager({ path, params, page, pageSize, total }: { path: string; params: Record<string, string>; page: number; pageSize: number; total: number }) {
  const pages = Math.max(1, Math.ceil(total / pageSize));
  const href = (p: number) => `${path}?${new URLSearchParams({ ...Object.fromEntries(Object.entries(params).filter(([, v]) => v)), page: String(p) })}`;
  return (
    <nav aria-label="Pages" className="mt-4 flex items-center justify-between text-sm text-slate-600">
      <span>
        Page {Math.min(page, pages)} of {pages} · {total} in all
      </span>
      <span className="flex gap-4">
        {page > 1 ? (
          <Link className={linkClass} href={href(page - 1)}>
            Previous
          </Link>
        ) : null}
        {page < pages ? (
          <Link className={linkClass} href={href(page + 1)}>
            Next
          </Link>
        ) : null}
      </span>
    </nav>
  );
}
