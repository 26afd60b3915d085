"use client";

import { startTransition, useActionState } from "react";
import { idpMessage } from "@/lib/errors/user-messages";
import { IdentifierField } from "../_components/identifier-field";
import { SubmitButton } from "../_components/submit-button";
import { Alert, Reference, inputClass, linkClass } from "../_components/ui";
import { loginAction, type LoginState } from "./actions";

export function LoginForm({
  initialLogin,
  microsoftEnabled,
  passwordNotAllowedMessage,
  returnTo,
}: {
  initialLogin: string;
  microsoftEnabled: boolean;
  passwordNotAllowedMessage: string;
  /** An authorization waiting for this sign-in (`/oauth/interaction/<uid>`): every way of signing in returns there. */
  returnTo?: string;
}) {
  const returnField = returnTo ? <input type="hidden" name="return_to" value={returnTo} /> : null;
  const [state, formAction] = useActionState<LoginState, FormData>(loginAction, { step: "identify", login: initialLogin });

  if (state.step === "identify") {
    return (
      <>
      <form action={formAction} noValidate>
        <input type="hidden" name="intent" value="identify" />
        <IdentifierField name="login" label="Email or username" type="text" defaultValue={state.login} error={state.error} />
        <div className="mt-6">
          <SubmitButton pendingLabel="Checking…">Continue</SubmitButton>
        </div>
        {microsoftEnabled ? <MicrosoftButton /> : null}
      </form>
      {microsoftEnabled ? <form id="microsoft-sign-in" method="get" action="/api/v1/auth/microsoft/login">{returnField}</form> : null}
      </>
    );
  }

  if (state.step === "sso" && state.sso)
    return (
      <div>
        <IdentityRow login={state.login} onChange={() => startTransition(() => formAction(restart(state.login)))} />
        <p className="mb-4 text-sm text-slate-600">
          <strong>{state.sso.tenantName}</strong> signs you in with its own {state.sso.idpName}.
        </p>
        <form method="get" action={`/api/v1/auth/sso/${state.sso.tenantKey}/login`}>
          <input type="hidden" name="login_hint" value={state.login} />
          {returnField}
          <button
            type="submit"
            autoFocus
            className="inline-flex w-full items-center justify-center gap-2 rounded-lg bg-brand-600 px-4 py-2.5 text-sm font-semibold text-white shadow-sm transition hover:bg-brand-700 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-brand-600"
          >
            {idpMessage("continue_with_idp", state.sso.idpName)}
          </button>
        </form>
      </div>
    );

  if (state.step === "microsoft")
    return (
      <div>
        <IdentityRow login={state.login} onChange={() => startTransition(() => formAction(restart(state.login)))} />
        <p className="text-sm text-slate-600" data-testid="password-not-allowed">
          {passwordNotAllowedMessage}
        </p>
        {microsoftEnabled ? (
          <>
            <MicrosoftButton />
            <form id="microsoft-sign-in" method="get" action="/api/v1/auth/microsoft/login">{returnField}</form>
          </>
        ) : null}
      </div>
    );

  // The password step keeps the platform Microsoft button: someone who reached it may still prefer their work account.
  return (
    <>
    <form action={formAction} noValidate>
      <input type="hidden" name="intent" value="password" />
      <input type="hidden" name="login" value={state.login} />
      {returnField}
      <IdentityRow login={state.login} onChange={() => startTransition(() => formAction(restart(state.login)))} />
      {state.error ? (
        <Alert id="password-error">
          {state.error}
          <Reference value={state.reference} />
        </Alert>
      ) : null}
      <div className="flex items-baseline justify-between gap-3">
        <label htmlFor="password" className="block text-sm font-medium text-slate-700">
          Password
        </label>
        <a href={`/forgot-password${state.login.includes("@") ? `?email=${encodeURIComponent(state.login)}` : ""}`} className={`${linkClass} text-sm`}>
          Forgot password?
        </a>
      </div>
      <input
        id="password"
        name="password"
        type="password"
        autoComplete="current-password"
        required
        autoFocus
        maxLength={1024}
        aria-invalid={state.error ? true : undefined}
        aria-describedby={state.error ? "password-error" : undefined}
        className={inputClass}
      />
      <div className="mt-6">
        <SubmitButton pendingLabel="Signing in…">
          Sign in
        </SubmitButton>
      </div>
      {microsoftEnabled ? <MicrosoftButton /> : null}
    </form>
    {microsoftEnabled ? <form id="microsoft-sign-in" method="get" action="/api/v1/auth/microsoft/login" /> : null}
    </>
  );
}

function restart(login: string): FormData {
  const form = new FormData();
  form.set("intent", "restart");
  form.set("login", login);
  return form;
}

/** Starting the Microsoft sign-in is a plain GET that redirects to Entra (a form, so no client-side prefetch). */
function MicrosoftButton() {
  return (
    <>
      <div className="my-6 flex items-center gap-3 text-xs uppercase tracking-wide text-slate-400" aria-hidden="true">
        <span className="h-px flex-1 bg-slate-200" />
        or
        <span className="h-px flex-1 bg-slate-200" />
      </div>
      <button
        type="submit"
        form="microsoft-sign-in"
        className="inline-flex w-full items-center justify-center gap-3 rounded-lg border border-slate-300 bg-white px-4 py-2.5 text-sm font-semibold text-slate-800 shadow-sm transition hover:bg-slate-50 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-brand-600"
      >
        <svg width="16" height="16" viewBox="0 0 21 21" aria-hidden="true">
          <rect x="1" y="1" width="9" height="9" fill="#f25022" />
          <rect x="11" y="1" width="9" height="9" fill="#7fba00" />
          <rect x="1" y="11" width="9" height="9" fill="#00a4ef" />
          <rect x="11" y="11" width="9" height="9" fill="#ffb900" />
        </svg>
        Sign in with Microsoft
      </button>
    </>
  );
}

/** The address being signed in, with a way back to type another. */
function IdentityRow({ login, onChange }: { login: string; onChange: () => void }) {
  return (
    <div className="mb-4 flex items-center justify-between rounded-lg bg-slate-50 px-3 py-2 text-sm">
      <span className="truncate text-slate-700" data-testid="login-identity">
        {login}
      </span>
      <button type="button" onClick={onChange} className={`${linkClass} ml-3 shrink-0 text-sm`}>
        Change
      </button>
    </div>
  );
}
