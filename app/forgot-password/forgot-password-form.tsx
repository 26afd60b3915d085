"use client";

import { useActionState } from "react";
import { SubmitButton } from "../_components/submit-button";
import { Alert, inputClass } from "../_components/ui";
import { forgotPasswordAction, type ForgotPasswordState } from "./actions";

export function ForgotPasswordForm({ initialEmail }: { initialEmail: string }) {
  const [state, formAction] = useActionState<ForgotPasswordState, FormData>(forgotPasswordAction, { email: initialEmail });
  if (state.sent) return <Alert tone="success">{state.sent}</Alert>;
  return (
    <form action={formAction} noValidate>
      <label htmlFor="email" className="block text-sm font-medium text-slate-700">
        Email
      </label>
      <input
        id="email"
        name="email"
        type="email"
        autoComplete="username"
        autoCapitalize="none"
        spellCheck={false}
        required
        autoFocus
        maxLength={254}
        defaultValue={state.email}
        aria-invalid={state.error ? true : undefined}
        aria-describedby={state.error ? "email-error" : undefined}
        className={inputClass}
      />
      {state.error ? (
        <p id="email-error" role="alert" className="mt-2 text-sm text-red-700">
          {state.error}
        </p>
      ) : null}
      <div className="mt-6">
        <SubmitButton pendingLabel="Sending…">Send reset link</SubmitButton>
      </div>
    </form>
  );
}
