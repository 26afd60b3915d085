"use client";

import { useActionState } from "react";
import { SubmitButton } from "../../_components/submit-button";
import { Alert, Reference, inputClass, secondaryButtonClass } from "../../_components/ui";
import { removeOktaOrgAction, saveOktaOrgAction, type OktaFormState } from "./actions";

/** The Okta card's form: the org issuer and the optional scope; errors keep what the admin typed. */
export function OktaOrgForm({ issuer, scope }: { issuer: string; scope: string }) {
  const [state, action] = useActionState<OktaFormState, FormData>(saveOktaOrgAction, { issuer, scope });
  return (
    <form action={action} className="space-y-4" noValidate>
      <div>
        <label htmlFor="issuer" className="block text-sm font-medium text-slate-700">
          Identity provider issuer
        </label>
        <input
          id="issuer"
          name="issuer"
          defaultValue={state.issuer ?? issuer}
          key={state.issuer ?? issuer}
          placeholder="https://your-org.okta.com"
          maxLength={300}
          className={inputClass}
          aria-invalid={state.error ? true : undefined}
          aria-describedby="issuer-hint"
        />
        <p id="issuer-hint" className="mt-1 text-xs text-slate-500">
          Your org authorization server issuer, with no path. Gatehouse checks it against Okta&apos;s OpenID Connect metadata when you save.
        </p>
      </div>
      <div>
        <label htmlFor="scope" className="block text-sm font-medium text-slate-700">
          Scope (optional)
        </label>
        <input id="scope" name="scope" defaultValue={state.scope ?? scope} key={`scope-${state.scope ?? scope}`} maxLength={1000} className={inputClass} aria-describedby="scope-hint" />
        <p id="scope-hint" className="mt-1 text-xs text-slate-500">
          Scopes access tokens are narrowed to. Leave blank to pass through what Okta authorizes.
        </p>
      </div>
      {state.error ? (
        <Alert>
          {state.error}
          <Reference value={state.reference} />
        </Alert>
      ) : null}
      {state.saved ? <Alert tone="success">{state.saved}</Alert> : null}
      <div className="sm:w-40">
        <SubmitButton pendingLabel="Checking Okta…">Save</SubmitButton>
      </div>
    </form>
  );
}

export function RemoveOktaOrgForm() {
  const [state, action, pending] = useActionState<OktaFormState>(removeOktaOrgAction, {});
  return (
    <form action={action}>
      <button type="submit" disabled={pending} className={secondaryButtonClass}>
        {pending ? "Removing…" : "Remove Okta org"}
      </button>
      {state.saved ? <Alert tone="success">{state.saved}</Alert> : null}
    </form>
  );
}
