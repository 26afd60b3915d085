"use client";

import { useState, useTransition } from "react";
import { Alert, secondaryButtonClass } from "../../../../_components/ui";
import { InvitationLink } from "../../../../_components/invitation-link";
import { reissueInvitationAction, revokeInvitationAction, type InvitationActionState } from "./invitation-actions";

type Row = { id: string; email: string; role: "admin" | "member"; expires: string; expired: boolean };

/** Pending invitations, with Re-issue (a new link, mailed and shown once) and Revoke (confirmed in the page). */
export function PendingInvitations({ tenantId, invitations, canWrite, mailNotSent }: { tenantId: string; invitations: Row[]; canWrite: boolean; mailNotSent: string }) {
  const [pending, startTransition] = useTransition();
  const [outcome, setOutcome] = useState<InvitationActionState>({});
  const [confirming, setConfirming] = useState<string | null>(null);
  const run = (action: () => Promise<InvitationActionState>) => {
    setConfirming(null);
    startTransition(async () => setOutcome(await action()));
  };
  return (
    <div>
      {outcome.error ? <Alert>{outcome.error}</Alert> : null}
      {outcome.done ? (
        <Alert tone="success">
          <p>{outcome.done}.</p>
          {outcome.link ? (
            <>
              {outcome.mailed === false ? <p className="mt-1 font-medium text-red-800">{mailNotSent}</p> : null}
              <InvitationLink url={outcome.link} />
            </>
          ) : null}
        </Alert>
      ) : null}
      {invitations.length ? (
        <ul className="divide-y divide-slate-100 rounded-lg border border-slate-200 bg-white text-sm" data-testid="pending-invitations">
          {invitations.map((i) => (
            <li key={i.id} className="flex flex-wrap items-center justify-between gap-x-4 gap-y-2 px-4 py-2">
              <span className="min-w-0 break-all">
                {i.email} · {i.role} · {i.expired ? "expired" : "expires"} {i.expires}
              </span>
              {canWrite ? (
                <span className="flex flex-wrap gap-2">
                  <button type="button" disabled={pending} className={`${secondaryButtonClass} px-3 py-1`} onClick={() => run(() => reissueInvitationAction(tenantId, i.id))}>
                    Re-issue
                  </button>
                  {confirming === i.id ? (
                    <>
                      <button
                        type="button"
                        disabled={pending}
                        className={`${secondaryButtonClass} border-red-300 px-3 py-1 text-red-700 hover:bg-red-50`}
                        onClick={() => run(() => revokeInvitationAction(tenantId, i.id))}
                      >
                        Confirm revoke
                      </button>
                      <button type="button" className={`${secondaryButtonClass} px-3 py-1`} onClick={() => setConfirming(null)}>
                        Cancel
                      </button>
                    </>
                  ) : (
                    <button type="button" disabled={pending} className={`${secondaryButtonClass} px-3 py-1`} onClick={() => setConfirming(i.id)}>
                      Revoke
                    </button>
                  )}
                </span>
              ) : null}
            </li>
          ))}
        </ul>
      ) : (
        <p className="text-sm text-slate-500">No pending invitations.</p>
      )}
    </div>
  );
}
