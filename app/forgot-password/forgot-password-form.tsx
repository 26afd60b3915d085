"use client";

import { useActionState } from "react";
import { SubmitButton } from "../_components/submit-button";
import { IdentifierField } from "../_components/identifier-field";
import { Alert } from "../_components/ui";
import { forgotPasswordAction, type ForgotPasswordState } from "./actions";

export function ForgotPasswordForm({ initialEmail }: { initialEmail: string }) {
  const [state, formAction] = useActionState<ForgotPasswordState, FormData>(forgotPasswordAction, { email: initialEmail });
  if (state.sent) return <Alert tone="success">{state.sent}</Alert>;
  return (
    <form action={formAction} noValidate>
      <IdentifierField name="email" label="Email" type="email" defaultValue={state.email} error={state.error} />
      <div className="mt-6">
        <SubmitButton pendingLabel="Sending…">Send reset link</SubmitButton>
      </div>
    </form>
  );
}
