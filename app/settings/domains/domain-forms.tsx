"use client";

import { useActionState } from "react";
import { SubmitButton } from "../../_components/submit-button";
import { Alert, Reference, inputClass, secondaryButtonClass } from "../../_components/ui";
import { addDomainAction, verifyDomainAction, type DomainFormState } from "./actions";

export function AddDomainForm() {
  const [state, action] = useActionState<DomainFormState, FormData>(addDomainAction, {});
  return (
    <form action={action} className="flex flex-col gap-3 sm:flex-row sm:items-end">
      <div className="sm:w-80">
        <label htmlFor="domain" className="block text-sm font-medium text-slate-700">
          Domain
        </label>
        <input id="domain" name="domain" placeholder="contoso.com" maxLength={253} required className={inputClass} aria-invalid={state.error ? true : undefined} />
      </div>
      <div className="sm:w-40">
        <SubmitButton pendingLabel="Adding…">Add domain</SubmitButton>
      </div>
      {state.error ? <Alert>{state.error}</Alert> : null}
    </form>
  );
}

export function VerifyDomainForm({ domain }: { domain: string }) {
  const [state, action, pending] = useActionState<DomainFormState, FormData>(verifyDomainAction, {});
  return (
    <form action={action} className="space-y-2">
      <input type="hidden" name="domain" value={domain} />
      <button type="submit" disabled={pending} className={secondaryButtonClass}>
        {pending ? "Checking DNS…" : `Verify ${domain}`}
      </button>
      {state.error ? (
        <Alert>
          {state.error}
          <Reference value={state.reference} />
        </Alert>
      ) : null}
      {state.verified ? <Alert tone="success">{state.verified}</Alert> : null}
    </form>
  );
}
