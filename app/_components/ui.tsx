import type { ReactNode } from "react";

/** The few building blocks every page uses, so the whole product has one look. */

export function Page({ children }: { children: ReactNode }) {
  return (
    <main className="flex min-h-screen flex-col items-center justify-center px-4 py-12">
      <div className="mb-6 flex items-center gap-2 text-slate-700" aria-hidden="true">
        <span className="inline-flex h-8 w-8 items-center justify-center rounded-lg bg-brand-600 text-sm font-bold text-white">G</span>
        <span className="text-lg font-semibold tracking-tight">Gatehouse</span>
      </div>
      {children}
    </main>
  );
}

export function Card({ title, subtitle, children }: { title: string; subtitle?: ReactNode; children: ReactNode }) {
  return (
    <section className="w-full max-w-md rounded-2xl border border-slate-200 bg-white p-8 shadow-sm" aria-labelledby="card-title">
      <h1 id="card-title" className="text-xl font-semibold tracking-tight">
        {title}
      </h1>
      {subtitle ? <div className="mt-1 text-sm text-slate-600">{subtitle}</div> : null}
      <div className="mt-6">{children}</div>
    </section>
  );
}

export function Alert({ tone = "error", children, id }: { tone?: "error" | "info" | "success"; children: ReactNode; id?: string }) {
  const styles = {
    error: "border-red-200 bg-red-50 text-red-800",
    info: "border-slate-200 bg-slate-50 text-slate-700",
    success: "border-green-200 bg-green-50 text-green-800",
  }[tone];
  return (
    <div id={id} role={tone === "error" ? "alert" : "status"} className={`mb-4 rounded-lg border px-3 py-2 text-sm ${styles}`}>
      {children}
    </div>
  );
}

export function Reference({ value }: { value?: string | null }) {
  if (!value) return null;
  return (
    <p className="mt-1 text-xs text-slate-500">
      Reference: <code className="font-mono">{value}</code>
    </p>
  );
}

export const inputClass =
  "mt-1 block w-full rounded-lg border border-slate-300 bg-white px-3 py-2 text-sm shadow-sm outline-none transition focus:border-brand-600 focus:ring-2 focus:ring-brand-100 aria-[invalid=true]:border-red-400";

export const linkClass = "font-medium text-brand-700 underline-offset-2 hover:underline focus-visible:outline-2 focus-visible:outline-brand-600";

export const secondaryButtonClass =
  "inline-flex items-center justify-center rounded-lg border border-slate-300 bg-white px-4 py-2 text-sm font-medium text-slate-700 shadow-sm transition hover:bg-slate-50 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-brand-600";

export function DefinitionList({ items }: { items: [string, ReactNode][] }) {
  return (
    <dl className="divide-y divide-slate-100 rounded-lg border border-slate-200">
      {items.map(([term, value]) => (
        <div key={term} className="flex justify-between gap-4 px-4 py-2.5 text-sm">
          <dt className="text-slate-500">{term}</dt>
          <dd className="text-right font-medium text-slate-900">{value}</dd>
        </div>
      ))}
    </dl>
  );
}
