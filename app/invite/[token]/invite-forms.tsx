"use client";

import { useActionState } from "react";
import { SubmitButton } from "../../_components/submit-button";
import { Alert, inputClass } from "../../_components/ui";
import { acceptAsSignedInAction, acceptWithPasswordAction, type InviteState } from "./actions";

export function InviteForms({
  token,
  email,
  signedInAs,
  passwordAllowed,
  microsoftLogin,
}: {
  token: string;
  email: string;
  signedInAs: string | null;
  passwordAllowed: boolean;
  microsoftLogin: string | null;
}) {
  const [accepted, accept] = useActionState<InviteState, FormData>(() => acceptAsSignedInAction(token), {});
  const [created, create] = useActionState<InviteState, FormData>(acceptWithPasswordAction.bind(null, token), {});

  if (signedInAs)
    return (
      <form action={accept}>
        {accepted.error ? <Alert>{accepted.error}</Alert> : null}
        <SubmitButton pendingLabel="Joining…">{`Accept as ${signedInAs}`}</SubmitButton>
      </form>
    );

  return (
    <div className="space-y-6">
      {microsoftLogin ? (
        <a
          href={microsoftLogin}
          className="inline-flex w-full items-center justify-center rounded-lg border border-slate-300 bg-white px-4 py-2.5 text-sm font-semibold text-slate-800 shadow-sm hover:bg-slate-50"
        >
          Sign in with Microsoft to accept
        </a>
      ) : null}
      {passwordAllowed ? (
        <form action={create} noValidate className="space-y-4">
          <p className="text-sm text-slate-600">Or create a Gatehouse password for {email}:</p>
          {created.error && !created.field ? <Alert>{created.error}</Alert> : null}
          <Field id="name" label="Your name" autoComplete="name" type="text" state={created} />
          <Field id="password" label="Choose a password" autoComplete="new-password" type="password" state={created} />
          <Field id="confirmation" label="Repeat the password" autoComplete="new-password" type="password" state={created} />
          <SubmitButton pendingLabel="Creating your account…">Create account and join</SubmitButton>
        </form>
      ) : null}
    </div>
  );
}

function Field({ id, label, type, autoComplete, state }: { id: "name" | "password" | "confirmation"; label: string; type: string; autoComplete: string; state: InviteState }) {
  const error = state.field === id ? state.error : undefined;
  return (
    <div>
      <label htmlFor={id} className="block text-sm font-medium text-slate-700">
        {label}
      </label>
      <input
        id={id}
        name={id}
        type={type}
        autoComplete={autoComplete}
        maxLength={1024}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `${id}-error` : undefined}
        className={inputClass}
      />
      {error ? (
        <p id={`${id}-error`} role="alert" className="mt-1 text-sm text-red-700">
          {error}
        </p>
      ) : null}
    </div>
  );
}
