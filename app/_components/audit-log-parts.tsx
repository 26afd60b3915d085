import { inputClass, secondaryButtonClass } from "./ui";

/** The pieces the console's audit log and a workspace's own audit log share: the filter form and the detail cell. */
export type AuditFilterField = readonly [name: string, label: string, type: "text" | "date"];

export function AuditFilterForm({ fields, values }: { fields: readonly AuditFilterField[]; values: Record<string, string> }) {
  return (
    <form method="get" className={`grid grid-cols-2 gap-3 ${fields.length > 5 ? "md:grid-cols-7" : "md:grid-cols-6"}`} aria-label="Filters">
      {fields.map(([name, label, type]) => (
        <div key={name}>
          <label htmlFor={`f-${name}`} className="block text-xs font-medium text-slate-600">
            {label}
          </label>
          <input id={`f-${name}`} name={name} type={type} defaultValue={values[name]} maxLength={254} className={inputClass} />
        </div>
      ))}
      <div className="flex items-end">
        <button type="submit" className={secondaryButtonClass}>
          Filter
        </button>
      </div>
    </form>
  );
}

/** An event's detail on one line, opened to the whole of it on demand. */
export function AuditDetail({ detail }: { detail: unknown }) {
  return (
    <td className="max-w-xs px-3 py-2 font-mono text-xs text-slate-600">
      <details>
        <summary className="cursor-pointer truncate">{JSON.stringify(detail)}</summary>
        <pre className="mt-2 whitespace-pre-wrap break-all">{JSON.stringify(detail, null, 2)}</pre>
      </details>
    </td>
  );
}
