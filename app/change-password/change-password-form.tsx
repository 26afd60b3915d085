"use client";

import { useActionState } from "react";
import { SubmitButton } from "../_components/submit-button";
import { inputClass } from "../_components/ui";
import { changePasswordAction, type ChangePasswordState } from "./actions";

export function ChangePasswordForm({ login, minLength }: { login: string; minLength: number }) {
  const [state, formAction] = useActionState<ChangePasswordState, FormData>(changePasswordAction, {});
  const invalid = (field: "password" | "confirmation") => (state.field === field ? true : undefined);
  return (
    <form action={formAction} noValidate>
      {/* Lets password managers file the new password under the right account. */}
      <input type="text" name="username" autoComplete="username" value={login} readOnly hidden />
      <label htmlFor="password" className="block text-sm font-medium text-slate-700">
        New password
      </label>
      <input
        id="password"
        name="password"
        type="password"
        autoComplete="new-password"
        required
        autoFocus
        maxLength={1024}
        aria-invalid={invalid("password")}
        aria-describedby="password-hint"
        className={inputClass}
      />
      <p id="password-hint" className="mt-1 text-xs text-slate-500">
        At least {minLength} characters. A passphrase of several words is easiest to remember.
      </p>
      <label htmlFor="confirmation" className="mt-4 block text-sm font-medium text-slate-700">
        Confirm new password
      </label>
      <input
        id="confirmation"
        name="confirmation"
        type="password"
        autoComplete="new-password"
        required
        maxLength={1024}
        aria-invalid={invalid("confirmation")}
        aria-describedby={state.error ? "change-error" : undefined}
        className={inputClass}
      />
      {state.error ? (
        <p id="change-error" role="alert" className="mt-2 text-sm text-red-700">
          {state.error}
        </p>
      ) : null}
      <div className="mt-6">
        <SubmitButton pendingLabel="Saving…">Set new password</SubmitButton>
      </div>
    </form>
  );
}
