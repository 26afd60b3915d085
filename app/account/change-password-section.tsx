"use client";

import { useActionState } from "react";
import { SubmitButton } from "../_components/submit-button";
import { Alert, inputClass } from "../_components/ui";
import { changeOwnPasswordAction, type AccountFormState } from "./actions";

const FIELDS = [
  { id: "current", label: "Current password", autoComplete: "current-password" },
  { id: "password", label: "New password", autoComplete: "new-password" },
  { id: "confirmation", label: "Confirm new password", autoComplete: "new-password" },
] as const;

export function ChangePasswordSection({ login, minLength, changed }: { login: string; minLength: number; changed?: string }) {
  const [state, formAction] = useActionState<AccountFormState, FormData>(changeOwnPasswordAction, {});
  return (
    <form action={formAction} noValidate className="space-y-4">
      {changed && !state.error ? <Alert tone="success">{changed}</Alert> : null}
      {state.error && !state.field ? <Alert>{state.error}</Alert> : null}
      <input type="text" name="username" autoComplete="username" value={login} readOnly hidden />
      {FIELDS.map((field) => (
        <div key={field.id}>
          <label htmlFor={field.id} className="block text-sm font-medium text-slate-700">
            {field.label}
          </label>
          <input
            id={field.id}
            name={field.id}
            type="password"
            autoComplete={field.autoComplete}
            maxLength={1024}
            aria-invalid={state.field === field.id ? true : undefined}
            aria-describedby={state.field === field.id ? `${field.id}-error` : field.id === "password" ? "password-hint" : undefined}
            className={inputClass}
          />
          {state.field === field.id ? (
            <p id={`${field.id}-error`} role="alert" className="mt-1 text-sm text-red-700">
              {state.error}
            </p>
          ) : field.id === "password" ? (
            <p id="password-hint" className="mt-1 text-xs text-slate-500">
              At least {minLength} characters, not a common password, not containing your email. Changing it signs out your other sessions.
            </p>
          ) : null}
        </div>
      ))}
      <SubmitButton pendingLabel="Saving…">Change password</SubmitButton>
    </form>
  );
}
