"use client";

import { useId, useState, type ReactNode } from "react";

/**
 * An on/off switch that submits with its form as `name=on` when on (and nothing when off, as a checkbox would). A
 * native button with role="switch" and aria-checked: Space and Enter flip it, and screen readers announce its state.
 */
export function Switch({ name, defaultChecked, children }: { name: string; defaultChecked: boolean; children: ReactNode }) {
  const [checked, setChecked] = useState(defaultChecked);
  const labelId = useId();
  return (
    <span className="inline-flex items-center gap-3">
      <button
        type="button"
        role="switch"
        aria-checked={checked}
        aria-labelledby={labelId}
        onClick={() => setChecked(!checked)}
        className={`relative inline-flex h-6 w-11 shrink-0 items-center rounded-full transition focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-brand-600 ${checked ? "bg-brand-600" : "bg-slate-300"}`}
      >
        <span aria-hidden="true" className={`inline-block h-5 w-5 rounded-full bg-white shadow transition ${checked ? "translate-x-5" : "translate-x-0.5"}`} />
      </button>
      <span id={labelId} className="text-sm font-medium text-slate-800">
        {children}
      </span>
      {checked ? <input type="hidden" name={name} value="on" /> : null}
    </span>
  );
}
