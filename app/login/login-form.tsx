"use client";

import { startTransition, useActionState } from "react";
import { SubmitButton } from "../_components/submit-button";
import { Alert, Reference, inputClass, linkClass } from "../_components/ui";
import { loginAction, type LoginState } from "./actions";

export function LoginForm({ initialLogin }: { initialLogin: string }) {
  const [state, formAction] = useActionState<LoginState, FormData>(loginAction, { step: "identify", login: initialLogin });

  if (state.step === "identify") {
    return (
      <form action={formAction} noValidate>
        <input type="hidden" name="intent" value="identify" />
        <label htmlFor="login" className="block text-sm font-medium text-slate-700">
          Email or username
        </label>
        <input
          id="login"
          name="login"
          type="text"
          inputMode="email"
          autoComplete="username"
          autoCapitalize="none"
          spellCheck={false}
          required
          autoFocus
          maxLength={254}
          defaultValue={state.login}
          aria-invalid={state.error ? true : undefined}
          aria-describedby={state.error ? "login-error" : undefined}
          className={inputClass}
        />
        {state.error ? (
          <p id="login-error" role="alert" className="mt-2 text-sm text-red-700">
            {state.error}
          </p>
        ) : null}
        <div className="mt-6">
          <SubmitButton pendingLabel="Checking…">Continue</SubmitButton>
        </div>
      </form>
    );
  }

  return (
    <form action={formAction} noValidate>
      <input type="hidden" name="intent" value="password" />
      <input type="hidden" name="login" value={state.login} />
      <div className="mb-4 flex items-center justify-between rounded-lg bg-slate-50 px-3 py-2 text-sm">
        <span className="truncate text-slate-700" data-testid="login-identity">
          {state.login}
        </span>
        <button type="button" onClick={() => startTransition(() => formAction(restart(state.login)))} className={`${linkClass} ml-3 shrink-0 text-sm`}>
          Change
        </button>
      </div>
      {state.error ? (
        <Alert id="password-error">
          {state.error}
          <Reference value={state.reference} />
        </Alert>
      ) : null}
      <label htmlFor="password" className="block text-sm font-medium text-slate-700">
        Password
      </label>
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
    </form>
  );
}

function restart(login: string): FormData {
  const form = new FormData();
  form.set("intent", "restart");
  form.set("login", login);
  return form;
}
