"use client";

import { useActionState } from "react";
import { NewPasswordFields, newPasswordHint } from "../_components/new-password-fields";
import { SubmitButton } from "../_components/submit-button";
import { changePasswordAction, type ChangePasswordState } from "./actions";

export function ChangePasswordForm({ login, minLength }: { login: string; minLength: number }) {
  const [state, formAction] = useActionState<ChangePasswordState, FormData>(changePasswordAction, {});
  return (
    <form action={formAction} noValidate>
      <NewPasswordFields
        login={login}
        hint={newPasswordHint(minLength)}
        labels={{ password: "New password", confirmation: "Confirm new password" }}
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
