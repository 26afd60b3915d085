"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { inputClass, secondaryButtonClass } from "../../../../_components/ui";

/** Staff.Admin adds a domain (it starts unverified). */
export function AddDomainForm({ url }: { url: string }) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [error, setError] = useState<string | null>(null);
  return (
    <form
      className="mt-3 flex max-w-lg items-start gap-2"
      onSubmit={(event) => {
        event.preventDefault();
        const form = event.currentTarget;
        const domain = new FormData(form).get("domain");
        setError(null);
        startTransition(async () => {
          const response = await fetch(url, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ domain }) }).catch(() => null);
          if (!response?.ok) {
            setError(((await response?.json().catch(() => ({}))) as { message?: string } | undefined)?.message ?? "Try again.");
            return;
          }
          form.reset();
          router.refresh();
        });
      }}
    >
      <div className="flex-1">
        <label htmlFor="new-domain" className="sr-only">
          Domain to add
        </label>
        <input
          id="new-domain"
          name="domain"
          placeholder="contoso.com"
          maxLength={253}
          required
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? "new-domain-error" : undefined}
          className={`${inputClass} mt-0`}
        />
        {error ? (
          <p id="new-domain-error" role="alert" className="mt-1 text-sm text-red-700">
            {error}
          </p>
        ) : null}
      </div>
      <button type="submit" disabled={pending} className={secondaryButtonClass}>
        Add domain
      </button>
    </form>
  );
}
