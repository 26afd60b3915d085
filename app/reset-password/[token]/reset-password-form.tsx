"use client";

import { useActionState } from "react";
import { SubmitButton } from "../../_components/submit-button";
import { Alert, inputClass, linkClass } from "../../_components/ui";
import { resetPasswordAction, type ResetPasswordState } from "./actions";

export function ResetPasswordForm({ token, login, minLength }: { token: string; login: string; minLength: number }) {
  const [state, formAction] = useActionState<ResetPasswordState, FormData>(resetPasswordAction.bind(null, token), {});
  if (state.done)
    return (
      <div>
        <Alert tone="success">{state.done}</Alert>
        <a href="/login" className={`${linkClass} text-sm`}>
          Sign in
        </a>
      </div>
    );
  const invalid = (field: "password" | "confirmation") => (state.field === field ? true : undefined);
  return (
    <form action={formAction} noValidate>
      {state.error && (state.field === "link" || !state.field) ? <Alert>{state.error}</Alert> : null}
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
        aria-describedby={state.field === "password" ? "password-error" : "password-hint"}
        className={inputClass}
      />
      {state.field === "password" ? (
        <p id="password-error" role="alert" className="mt-1 text-sm text-red-700">
          {state.error}
        </p>
      ) : (
        <p id="password-hint" className="mt-1 text-xs text-slate-500">
          At least {minLength} characters. A passphrase of several words is easiest to remember.
        </p>
      )}
      <label htmlFor="confirmation" className="mt-4 block text-sm font-medium text-slate-700">
        Confirm password
      </label>
      <input
        id="confirmation"
        name="confirmation"
        type="password"
        autoComplete="new-password"
        required
        maxLength={1024}
        aria-invalid={invalid("confirmation")}
        aria-describedby={state.field === "confirmation" ? "confirmation-error" : undefined}
        className={inputClass}
      />
      {state.field === "confirmation" ? (
        <p id="confirmation-error" role="alert" className="mt-1 text-sm text-red-700">
          {state.error}
        </p>
      ) : null}
      <div className="mt-6">
        <SubmitButton pendingLabel="Saving…">Set new password</SubmitButton>
      </div>
    </form>
  );
}
