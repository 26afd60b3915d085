"use client";

import { useActionState } from "react";
import { secondaryButtonClass } from "../../_components/ui";
import { revokeApiKeyAction, type RevokeState } from "./actions";

/** Revoke, for one key; says so when the key was already gone. */
export function RevokeApiKeyButton({ keyId, name }: { keyId: string; name: string }) {
  const [state, formAction, pending] = useActionState<RevokeState, FormData>(revokeApiKeyAction, {});
  return (
    <form action={formAction} className="shrink-0">
      <input type="hidden" name="key_id" value={keyId} />
      <button type="submit" disabled={pending} aria-label={`Revoke ${name}`} className={secondaryButtonClass}>
        Revoke
      </button>
      {state.error ? (
        <p role="alert" className="mt-1 text-xs text-red-700">
          {state.error}
        </p>
      ) : null}
    </form>
  );
}
