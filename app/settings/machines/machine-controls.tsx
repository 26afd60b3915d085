"use client";

import { useActionState } from "react";
import { Alert, Reference, secondaryButtonClass } from "../../_components/ui";
import { machineAction, type MachineActionState } from "./actions";
import { CredentialsShownOnce } from "./credentials-shown-once";

/** One button that posts an intent about one machine, and says what happened (or why not, with a reference). */
export function MachineButton({ machineId, intent, label, name, secretId }: { machineId: string; intent: string; label: string; name: string; secretId?: string }) {
  const [state, formAction, pending] = useActionState<MachineActionState, FormData>(machineAction, {});
  return (
    <form action={formAction} className="min-w-0">
      <input type="hidden" name="machine_id" value={machineId} />
      <input type="hidden" name="intent" value={intent} />
      {secretId ? <input type="hidden" name="secret_id" value={secretId} /> : null}
      <button type="submit" disabled={pending} aria-label={name} className={secondaryButtonClass}>
        {label}
      </button>
      {state.secret ? (
        <div className="mt-2">
          <CredentialsShownOnce notice={state.secret.notice} clientId={state.secret.clientId} clientSecret={state.secret.clientSecret} />
        </div>
      ) : null}
      {state.done ? (
        <p role="status" className="mt-1 text-xs text-green-800">
          {state.done}
        </p>
      ) : null}
      {state.error ? (
        <div className="mt-2">
          <Alert>
            {state.error}
            <Reference value={state.reference} />
          </Alert>
        </div>
      ) : null}
    </form>
  );
}
