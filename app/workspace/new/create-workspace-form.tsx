"use client";

import { useActionState } from "react";
import { SubmitButton } from "../../_components/submit-button";
import { inputClass } from "../../_components/ui";
import { createWorkspaceAction, type CreateWorkspaceState } from "./actions";

export function CreateWorkspaceForm() {
  const [state, formAction] = useActionState<CreateWorkspaceState, FormData>(createWorkspaceAction, {});
  return (
    <form action={formAction} noValidate>
      <label htmlFor="name" className="block text-sm font-medium text-slate-700">
        Workspace name
      </label>
      <input
        id="name"
        name="name"
        type="text"
        required
        autoFocus
        maxLength={80}
        autoComplete="organization"
        aria-invalid={state.error ? true : undefined}
        aria-describedby={state.error ? "name-error" : undefined}
        className={inputClass}
      />
      {state.error ? (
        <p id="name-error" role="alert" className="mt-2 text-sm text-red-700">
          {state.error}
        </p>
      ) : null}
      <div className="mt-6">
        <SubmitButton pendingLabel="Creating…">Create workspace</SubmitButton>
      </div>
    </form>
  );
}
