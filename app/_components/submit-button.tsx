"use client";

import { useFormStatus } from "react-dom";

/**
 * The primary button of a form: disabled, with a spinner and a pending label, while the form is submitting (a form
 * action's status, or `pending` from a form that submits through fetch).
 */
export function SubmitButton({ children, pendingLabel, pending: fetching = false }: { children: string; pendingLabel: string; pending?: boolean }) {
  const status = useFormStatus();
  const pending = status.pending || fetching;
  return (
    <button
      type="submit"
      disabled={pending}
      aria-disabled={pending}
      className="inline-flex w-full items-center justify-center gap-2 rounded-lg bg-brand-600 px-4 py-2.5 text-sm font-semibold text-white shadow-sm transition hover:bg-brand-700 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-brand-600 disabled:cursor-wait disabled:opacity-80"
    >
      {pending ? (
        <>
          <span className="h-4 w-4 animate-spin rounded-full border-2 border-white/40 border-t-white" aria-hidden="true" />
          <span>{pendingLabel}</span>
        </>
      ) : (
        children
      )}
    </button>
  );
}
