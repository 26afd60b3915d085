"use client";

import { useActionState } from "react";
import { NewPasswordFields, newPasswordHint } from "../../_components/new-password-fields";
import { SubmitButton } from "../../_components/submit-button";
import { Alert, linkClass } from "../../_components/ui";
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
  return (
    <form action={formAction} noValidate>
      {state.error && (state.field === "link" || !state.field) ? <Alert>{state.error}</Alert> : null}
      <NewPasswordFields
        login={login}
        hint={newPasswordHint(minLength)}
        labels={{ password: "New password", confirmation: "Confirm password" }}
        error={state.error}
        field={state.field}
        autoFocus
      />
      <div className="mt-6">
        <SubmitButton pendingLabel="Saving…">Set new password</SubmitButton>
      </div>
    </form>
  );
}
