"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { secondaryButtonClass } from "../../_components/ui";

/**
 * A console button that calls one of the console's JSON endpoints (same-origin, so the CSRF check passes) and then
 * re-renders the page from the server. A refusal shows the server's own message next to the button.
 */
export function ConsoleAction({
  label,
  method,
  url,
  body,
  confirm,
  tone = "default",
}: {
  label: string;
  method: "PATCH" | "DELETE" | "POST";
  url: string;
  body?: Record<string, unknown>;
  confirm?: string;
  tone?: "default" | "danger";
}) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [error, setError] = useState<string | null>(null);
  const run = () => {
    if (confirm && !window.confirm(confirm)) return;
    setError(null);
    startTransition(async () => {
      const response = await fetch(url, {
        method,
        headers: { "content-type": "application/json", accept: "application/json" },
        body: body ? JSON.stringify(body) : undefined,
      }).catch(() => null);
      if (!response?.ok) {
        const answer = (await response?.json().catch(() => ({}))) as { message?: string } | undefined;
        setError(answer?.message ?? "The console could not reach Gatehouse. Try again.");
        return;
      }
      router.refresh();
    });
  };
  return (
    <span className="inline-flex items-center gap-2">
      <button
        type="button"
        onClick={run}
        disabled={pending}
        className={`${secondaryButtonClass} px-3 py-1 ${tone === "danger" ? "border-red-300 text-red-700 hover:bg-red-50" : ""}`}
      >
        {pending ? "Working…" : label}
      </button>
      {error ? (
        <span role="alert" className="text-sm text-red-700">
          {error}
        </span>
      ) : null}
    </span>
  );
}
