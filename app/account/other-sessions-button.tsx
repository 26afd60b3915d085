"use client";

import { useActionState } from "react";
import { Alert, secondaryButtonClass } from "../_components/ui";
import { endOtherSessionsAction, type AccountFormState } from "./actions";

/** "Sign out other sessions": disabled when this is the only one. */
export function OtherSessionsButton({ others }: { others: number }) {
  const [state, formAction, pending] = useActionState<AccountFormState, FormData>(endOtherSessionsAction, {});
  return (
    <form action={formAction} className="mt-4">
      {state.done ? <Alert tone="success">{state.done}</Alert> : null}
      <button type="submit" disabled={others === 0 || pending} className={`${secondaryButtonClass} disabled:cursor-not-allowed disabled:opacity-60`}>
        Sign out other sessions
      </button>
    </form>
  );
}
