"use client";

import { useRouter } from "next/navigation";
import { useId, useState, useTransition } from "react";
import { secondaryButtonClass } from "../../_components/ui";

/**
 * A console button that calls one of the console's JSON endpoints (same-origin, so the CSRF check passes) and then
 * re-renders the page from the server. A destructive action asks in the page first (`confirm`: what will happen,
 * with "Cancel" focused), and every action says what it did (`done`) or shows the server's own refusal.
 */
export function ConsoleAction({
  label,
  method,
  url,
  body,
  confirm,
  done,
  disabled = false,
  disabledReason,
  tone = "default",
  onDone,
}: {
  label: string;
  method: "PATCH" | "DELETE" | "POST";
  url: string;
  body?: Record<string, unknown>;
  confirm?: string;
  done?: string;
  disabled?: boolean;
  disabledReason?: string;
  tone?: "default" | "danger";
  /** Told when the action succeeded, for a page that says so outside this button (whose row may be gone). */
  onDone?: () => void;
}) {
  const router = useRouter();
  const titleId = useId();
  const [pending, startTransition] = useTransition();
  const [asking, setAsking] = useState(false);
  const [outcome, setOutcome] = useState<{ ok: boolean; text: string } | null>(null);
  const danger = tone === "danger" ? "border-red-300 text-red-700 hover:bg-red-50" : "";
  const run = () => {
    setAsking(false);
    setOutcome(null);
    startTransition(async () => {
      const response = await fetch(url, {
        method,
        headers: { "content-type": "application/json", accept: "application/json" },
        body: body ? JSON.stringify(body) : undefined,
      }).catch(() => null);
      if (!response?.ok) {
        const answer = (await response?.json().catch(() => ({}))) as { message?: string } | undefined;
        setOutcome({ ok: false, text: answer?.message ?? "The console could not reach Gatehouse. Try again." });
        return;
      }
      if (done) setOutcome({ ok: true, text: done });
      onDone?.();
      router.refresh();
    });
  };
  return (
    <span className="inline-flex flex-wrap items-center gap-2">
      <button
        type="button"
        onClick={() => (confirm ? setAsking(true) : run())}
        disabled={pending || disabled}
        title={disabled ? disabledReason : undefined}
        className={`${secondaryButtonClass} px-3 py-1 disabled:cursor-not-allowed disabled:opacity-50 ${danger}`}
      >
        {pending ? "Working…" : label}
      </button>
      {asking ? (
        <span role="alertdialog" aria-labelledby={titleId} className="flex flex-wrap items-center gap-2 rounded-lg border border-red-200 bg-red-50 px-3 py-2 text-sm">
          <span id={titleId} className="text-slate-800">
            {confirm}
          </span>
          <button type="button" autoFocus onClick={() => setAsking(false)} className={`${secondaryButtonClass} px-3 py-1`}>
            Cancel
          </button>
          <button type="button" onClick={run} className={`${secondaryButtonClass} px-3 py-1 ${danger}`}>
            {`Yes, ${label.charAt(0).toLowerCase()}${label.slice(1)}`}
          </button>
        </span>
      ) : null}
      {outcome ? (
        <span role={outcome.ok ? "status" : "alert"} className={`text-sm ${outcome.ok ? "text-green-700" : "text-red-700"}`}>
          {outcome.text}
        </span>
      ) : null}
    </span>
  );
}
