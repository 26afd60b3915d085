import type { ReactNode } from "react";

/** The scopes a new credential may have (API keys, machines): each one a checkbox, all checked to begin with. */
export function ScopeCheckboxes({ scopes, error }: { scopes: readonly { value: string; label: string }[]; error: ReactNode }) {
  return (
    <fieldset aria-describedby={error ? "scopes-error" : undefined}>
      <legend className="block text-sm font-medium text-slate-700">Scopes</legend>
      {scopes.map((scope) => (
        <label key={scope.value} className="mt-1 flex items-start gap-2 text-sm text-slate-700">
          <input type="checkbox" name="scope" value={scope.value} defaultChecked className="mt-0.5" />
          <span>
            <code className="font-mono">{scope.value}</code> · {scope.label}
          </span>
        </label>
      ))}
      {error}
    </fieldset>
  );
}
