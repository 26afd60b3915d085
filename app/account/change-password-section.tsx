"use client";

import { useActionState } from "react";
import { NewPasswordFields } from "../_components/new-password-fields";
import { SubmitButton } from "../_components/submit-button";
import { Alert } from "../_components/ui";
import { changeOwnPasswordAction, type AccountFormState } from "./actions";

export function ChangePasswordSection({ login, minLength, changed }: { login: string; minLength: number; changed?: string }) {
  const [state, formAction] = useActionState<AccountFormState, FormData>(changeOwnPasswordAction, {});
  return (
    <form action={formAction} noValidate>
      {changed && !state.error ? <Alert tone="success">{changed}</Alert> : null}
      {state.error && !state.field ? <Alert>{state.error}</Alert> : null}
      <NewPasswordFields
        login={login}
        hint={`At least ${minLength} characters, not a common password, not containing your email. Changing it signs out your other sessions.`}
        labels={{ current: "Current password", password: "New password", confirmation: "Confirm new password" }}
        error={state.error}
        field={state.field}
      />
      <div className="mt-4">
        <SubmitButton pendingLabel="Saving…">Change password</SubmitButton>
      </div>
    </form>
  );
}
