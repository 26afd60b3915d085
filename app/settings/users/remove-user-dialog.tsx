"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useEffect, useRef } from "react";
import { USER_MESSAGES } from "@/lib/errors/user-messages";
import { secondaryButtonClass } from "../../_components/ui";

export type RemovableUser = { id: string; label: string; isSelf: boolean };

/**
 * The confirmation step of a removal, as a native modal <dialog>: the browser traps focus, Escape cancels and
 * assistive technology announces it as a dialog. Cancel has the focus, so an Enter pressed by habit removes no one.
 */
export function RemoveUserDialog({ user, onClose, onRemoved }: { user: RemovableUser; onClose(): void; onRemoved(user: RemovableUser): void }) {
  const dialog = useRef<HTMLDialogElement>(null);
  const queryClient = useQueryClient();
  const router = useRouter();
  const removal = useMutation({
    mutationFn: async () => {
      const response = await fetch(`/api/v1/settings/users/${encodeURIComponent(user.id)}`, { method: "DELETE", headers: { accept: "application/json" } });
      const body = (await response.json().catch(() => ({}))) as { message?: string };
      if (!response.ok) throw new Error(body.message ?? "The user could not be removed. Try again.");
    },
    onSuccess: async () => {
      // Removing yourself ended your own session in this workspace: nothing here is reachable any more.
      if (user.isSelf) {
        router.replace("/login");
        return;
      }
      await queryClient.invalidateQueries({ queryKey: ["tenant-users"] });
      onRemoved(user);
    },
  });

  useEffect(() => {
    const element = dialog.current;
    if (element && !element.open) element.showModal();
    return () => element?.close();
  }, []);

  return (
    <dialog
      ref={dialog}
      aria-labelledby="remove-user-title"
      aria-describedby="remove-user-description"
      onCancel={(event) => {
        // Escape closes the dialog, but not while the removal is under way.
        event.preventDefault();
        if (!removal.isPending) onClose();
      }}
      className="m-auto w-full max-w-md rounded-2xl border border-slate-200 bg-white p-6 shadow-xl backdrop:bg-slate-900/40"
    >
      <h2 id="remove-user-title" className="text-lg font-semibold">
        Remove {user.label}?
      </h2>
      <p id="remove-user-description" className="mt-2 text-sm text-slate-600">
        {user.isSelf ? USER_MESSAGES.remove_self_consequence : USER_MESSAGES.remove_user_consequence}
      </p>
      {removal.isError ? (
        <p role="alert" className="mt-4 rounded-lg border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-800">
          {removal.error.message}
        </p>
      ) : null}
      <div className="mt-6 flex justify-end gap-3">
        <button type="button" autoFocus onClick={onClose} disabled={removal.isPending} className={secondaryButtonClass}>
          Cancel
        </button>
        <button
          type="button"
          onClick={() => removal.mutate()}
          disabled={removal.isPending}
          aria-disabled={removal.isPending}
          className="inline-flex items-center justify-center gap-2 rounded-lg bg-red-600 px-4 py-2 text-sm font-semibold text-white shadow-sm transition hover:bg-red-700 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-red-600 disabled:cursor-wait disabled:opacity-80"
        >
          {removal.isPending ? (
            <>
              <span className="h-4 w-4 animate-spin rounded-full border-2 border-white/40 border-t-white" aria-hidden="true" />
              Removing…
            </>
          ) : (
            "Remove user"
          )}
        </button>
      </div>
    </dialog>
  );
}
