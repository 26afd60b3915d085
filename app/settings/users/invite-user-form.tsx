"use client";

import { useQueryClient } from "@tanstack/react-query";
import { useActionState, useEffect } from "react";
import { InvitationLink } from "../../_components/invitation-link";
import { SubmitButton } from "../../_components/submit-button";
import { Alert, Reference, inputClass } from "../../_components/ui";
import { inviteMemberAction, type InviteFormState } from "./actions";

/** "Invite by email": the link is mailed, and shown once here with a Copy button, as the console shows its invitations. */
export function InviteUserForm() {
  const [state, formAction] = useActionState<InviteFormState, FormData>(inviteMemberAction, {});
  const queryClient = useQueryClient();
  useEffect(() => {
    if (state.link) void queryClient.invalidateQueries({ queryKey: ["tenant-users"] });
  }, [state.link, queryClient]);
  return (
    <section aria-labelledby="invite-title" className="rounded-2xl border border-slate-200 bg-white p-4 shadow-sm sm:p-6">
      <h2 id="invite-title" className="font-semibold">
        Invite by email
      </h2>
      {state.link ? (
        <div className="mt-3">
          <Alert tone={state.mailed ? "success" : "error"}>{state.done}</Alert>
          <InvitationLink url={state.link} />
        </div>
      ) : null}
      <form action={formAction} noValidate className="mt-3 flex flex-col gap-3 sm:flex-row sm:items-end">
        <div className="min-w-0 flex-1">
          <label htmlFor="invite-email" className="block text-sm font-medium text-slate-700">
            Email
          </label>
          <input
            id="invite-email"
            name="email"
            type="email"
            autoComplete="off"
            spellCheck={false}
            maxLength={254}
            defaultValue={state.error ? state.email : ""}
            aria-invalid={state.error ? true : undefined}
            aria-describedby={state.error ? "invite-error" : undefined}
            className={inputClass}
          />
        </div>
        <div>
          <label htmlFor="invite-role" className="block text-sm font-medium text-slate-700">
            Role
          </label>
          <select id="invite-role" name="role" defaultValue="member" className={inputClass}>
            <option value="member">Member</option>
            <option value="admin">Admin</option>
          </select>
        </div>
        <div className="sm:w-40">
          <SubmitButton pendingLabel="Inviting…">Invite</SubmitButton>
        </div>
      </form>
      {state.error ? (
        <div id="invite-error" role="alert" className="mt-2 text-sm text-red-700">
          {state.error}
          <Reference value={state.reference} />
        </div>
      ) : null}
    </section>
  );
}
