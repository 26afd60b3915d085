"use client";

import { useActionState } from "react";
import { CopyButton } from "../../_components/copy-button";
import { SubmitButton } from "../../_components/submit-button";
import { Alert, inputClass } from "../../_components/ui";
import { createApiKeyAction, type ApiKeyFormState } from "./actions";
import { ScopeCheckboxes } from "../../_components/scope-checkboxes";

export type ScopeChoice = { value: string; label: string };

/** The form that creates a key, and the new key itself, shown once with a Copy button. */
export function CreateApiKeyForm({ expiryDays, scopes, hint }: { expiryDays: readonly number[]; scopes: ScopeChoice[]; hint: string }) {
  const [state, formAction] = useActionState<ApiKeyFormState, FormData>(createApiKeyAction, {});
  const invalid = (field: ApiKeyFormState["field"]) => (state.field === field ? true : undefined);
  const fieldError = (field: ApiKeyFormState["field"]) =>
    state.field === field ? (
      <p id={`${field}-error`} role="alert" className="mt-1 text-sm text-red-700">
        {state.error}
      </p>
    ) : null;
  return (
    <div className="space-y-4">
      {state.created ? (
        <div className="rounded-lg border border-green-200 bg-green-50 p-3 text-sm text-green-900" data-testid="new-api-key">
          <p role="status">{state.created.notice}</p>
          <p className="mt-2 font-medium">{state.created.name}</p>
          <code className="mt-1 block break-all rounded bg-white px-2 py-1.5 font-mono text-xs" data-testid="new-api-key-value">
            {state.created.key}
          </code>
          <div className="mt-2">
            <CopyButton text={state.created.key} label="Copy key" />
          </div>
        </div>
      ) : null}
      <form action={formAction} noValidate className="space-y-4">
        {state.error && !state.field ? <Alert>{state.error}</Alert> : null}
        <div>
          <label htmlFor="name" className="block text-sm font-medium text-slate-700">
            Name
          </label>
          <input
            id="name"
            name="name"
            type="text"
            maxLength={200}
            autoComplete="off"
            aria-invalid={invalid("name")}
            aria-describedby={state.field === "name" ? "name-error" : "name-hint"}
            className={inputClass}
          />
          {fieldError("name") ?? (
            <p id="name-hint" className="mt-1 text-xs text-slate-500">
              {hint}
            </p>
          )}
        </div>
        <div>
          <label htmlFor="expiry" className="block text-sm font-medium text-slate-700">
            Expires in
          </label>
          <select id="expiry" name="expiry" defaultValue="90" aria-invalid={invalid("expiry")} aria-describedby={state.field === "expiry" ? "expiry-error" : undefined} className={inputClass}>
            {expiryDays.map((days) => (
              <option key={days} value={String(days)}>
                {days} days
              </option>
            ))}
          </select>
          {fieldError("expiry")}
        </div>
        <ScopeCheckboxes scopes={scopes} error={fieldError("scopes")} />
        <SubmitButton pendingLabel="Creating…">Create key</SubmitButton>
      </form>
    </div>
  );
}
