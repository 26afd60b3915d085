"use client";

import { useActionState } from "react";
import { CopyButton } from "../../../_components/copy-button";
import { SubmitButton } from "../../../_components/submit-button";
import { Alert, inputClass, secondaryButtonClass } from "../../../_components/ui";
import { deleteClientAction, registerClientAction, rotateSecretAction, type ClientActionState } from "./actions";

const JWT_BEARER = "urn:ietf:params:oauth:grant-type:jwt-bearer";

/** The client id and the secret, shown once, each with a copy button. */
function ShownOnce({ created }: { created: NonNullable<ClientActionState["created"]> }) {
  return (
    <Alert tone="success">
      <p>{created.notice}</p>
      <dl className="mt-2 space-y-2">
        <div>
          <dt className="font-medium">Client ID</dt>
          <dd className="flex flex-wrap items-center gap-2">
            <code className="break-all" data-testid="client-id">{created.clientId}</code>
            <CopyButton text={created.clientId} name="Copy client ID" />
          </dd>
        </div>
        <div>
          <dt className="font-medium">Client secret</dt>
          <dd className="flex flex-wrap items-center gap-2">
            <code className="break-all" data-testid="client-secret">{created.clientSecret}</code>
            <CopyButton text={created.clientSecret} name="Copy client secret" />
          </dd>
        </div>
      </dl>
    </Alert>
  );
}

const FieldError = ({ id, message }: { id: string; message?: string }) =>
  message ? (
    <p id={id} role="alert" className="mt-1 text-sm text-red-700">
      {message}
    </p>
  ) : null;

export function RegisterClientForm() {
  const [state, action] = useActionState<ClientActionState, FormData>(registerClientAction, {});
  if (state.created) return <ShownOnce created={state.created} />;
  const errors = state.fieldErrors ?? {};
  return (
    <form action={action} className="space-y-4" noValidate>
      {state.error ? <Alert>{state.error}</Alert> : null}
      <div>
        <label htmlFor="name" className="block text-sm font-medium text-slate-700">
          Name
        </label>
        <input id="name" name="name" maxLength={80} className={inputClass} aria-invalid={errors.name ? true : undefined} aria-describedby="name-error" />
        <FieldError id="name-error" message={errors.name} />
      </div>
      <fieldset>
        <legend className="text-sm font-medium text-slate-700">Allowed grant types</legend>
        <label className="mt-1 flex items-center gap-2 text-sm">
          <input type="checkbox" name="grantTypes" value={JWT_BEARER} /> jwt-bearer (Okta ID-JAG, for MCP clients under Enterprise-Managed Auth)
        </label>
        <label className="mt-1 flex items-center gap-2 text-sm">
          <input type="checkbox" name="grantTypes" value="authorization_code" /> authorization_code (server apps with https redirect URIs)
        </label>
        <FieldError id="grant-types-error" message={errors.grantTypes} />
      </fieldset>
      <div>
        <label htmlFor="redirectUris" className="block text-sm font-medium text-slate-700">
          Redirect URIs (authorization_code only; one per line)
        </label>
        <textarea id="redirectUris" name="redirectUris" rows={3} maxLength={20_000} className={inputClass} aria-invalid={errors.redirectUris ? true : undefined} aria-describedby="redirect-uris-error" />
        <FieldError id="redirect-uris-error" message={errors.redirectUris} />
      </div>
      <div>
        <label htmlFor="authMethod" className="block text-sm font-medium text-slate-700">
          Token endpoint authentication
        </label>
        <select id="authMethod" name="authMethod" defaultValue="client_secret_basic" className={inputClass}>
          <option value="client_secret_basic">client_secret_basic</option>
          <option value="client_secret_post">client_secret_post</option>
        </select>
        <FieldError id="auth-method-error" message={errors.authMethod} />
      </div>
      <div className="sm:w-48">
        <SubmitButton pendingLabel="Registering…">Register client</SubmitButton>
      </div>
    </form>
  );
}

export function ClientRowActions({ clientId, name }: { clientId: string; name: string }) {
  const [rotated, rotate, rotating] = useActionState<ClientActionState, FormData>(rotateSecretAction, {});
  const [deleted, remove, deleting] = useActionState<ClientActionState, FormData>(deleteClientAction, {});
  if (deleted.done) return <Alert tone="success">{deleted.done}</Alert>;
  return (
    <div className="space-y-2">
      <div className="flex flex-wrap gap-2">
        <form action={rotate}>
          <input type="hidden" name="clientId" value={clientId} />
          <button type="submit" disabled={rotating} className={secondaryButtonClass} aria-label={`Rotate the secret of ${name}`}>
            {rotating ? "Rotating…" : "Rotate secret"}
          </button>
        </form>
        <form action={remove} onSubmit={(event) => (window.confirm(`Delete ${name}? Its next request is refused.`) ? undefined : event.preventDefault())}>
          <input type="hidden" name="clientId" value={clientId} />
          <button type="submit" disabled={deleting} className={secondaryButtonClass} aria-label={`Delete ${name}`}>
            {deleting ? "Deleting…" : "Delete"}
          </button>
        </form>
      </div>
      {rotated.error || deleted.error ? <Alert>{rotated.error ?? deleted.error}</Alert> : null}
      {rotated.created ? <ShownOnce created={rotated.created} /> : null}
    </div>
  );
}
