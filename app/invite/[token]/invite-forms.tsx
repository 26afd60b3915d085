"use client";

import { useActionState } from "react";
import { SubmitButton } from "../../_components/submit-button";
import { TextField } from "../../_components/text-field";
import { Alert } from "../../_components/ui";
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
          <TextField id="name" label="Your name" autoComplete="name" type="text" maxLength={1024} error={created.field === "name" ? created.error : undefined} />
          <TextField id="password" label="Choose a password" autoComplete="new-password" type="password" maxLength={1024} error={created.field === "password" ? created.error : undefined} />
          <TextField id="confirmation" label="Repeat the password" autoComplete="new-password" type="password" maxLength={1024} error={created.field === "confirmation" ? created.error : undefined} />
          <SubmitButton pendingLabel="Creating your account…">Create account and join</SubmitButton>
        </form>
      ) : null}
    </div>
  );
}
