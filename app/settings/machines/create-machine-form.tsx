"use client";

import { useActionState } from "react";
import { SubmitButton } from "../../_components/submit-button";
import { Alert, Reference, inputClass } from "../../_components/ui";
import { createMachineAction, type MachineFormState } from "./actions";
import { CredentialsShownOnce } from "./credentials-shown-once";
import { ScopeCheckboxes } from "../../_components/scope-checkboxes";

export type ScopeChoice = { value: string; label: string };

/** "Create machine": a name and scopes; the new machine's Client ID and secret are shown once. */
export function CreateMachineForm({ scopes, hint }: { scopes: ScopeChoice[]; hint: string }) {
  const [state, formAction] = useActionState<MachineFormState, FormData>(createMachineAction, {});
  const fieldError = (field: MachineFormState["field"]) =>
    state.field === field ? (
      <p id={`${field}-error`} role="alert" className="mt-1 text-sm text-red-700">
        {state.error}
        <Reference value={state.reference} />
      </p>
    ) : null;
  return (
    <div className="space-y-4">
      {state.created ? <CredentialsShownOnce notice={state.created.notice} title={state.created.name} clientId={state.created.clientId} clientSecret={state.created.clientSecret} /> : null}
      <form action={formAction} noValidate className="space-y-4">
        {state.error && !state.field ? (
          <Alert>
            {state.error}
            <Reference value={state.reference} />
          </Alert>
        ) : null}
        <div>
          <label htmlFor="machine-name" className="block text-sm font-medium text-slate-700">
            Name
          </label>
          <input
            id="machine-name"
            name="name"
            type="text"
            maxLength={200}
            autoComplete="off"
            aria-invalid={state.field === "name" ? true : undefined}
            aria-describedby={state.field === "name" ? "name-error" : "name-hint"}
            className={inputClass}
          />
          {fieldError("name") ?? (
            <p id="name-hint" className="mt-1 text-xs text-slate-500">
              {hint}
            </p>
          )}
        </div>
        <ScopeCheckboxes scopes={scopes} error={fieldError("scopes")} />
        <div className="sm:w-48">
          <SubmitButton pendingLabel="Creating…">Create machine</SubmitButton>
        </div>
      </form>
    </div>
  );
}
