"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { roleChangedMessage } from "@/lib/errors/user-messages";

type Role = "admin" | "member";
export const ROLE_LABELS: Record<Role, string> = { admin: "Admin", member: "Member" };

class RoleRefused extends Error {
  constructor(
    message: string,
    readonly reference?: string,
  ) {
    super(message);
  }
}

/**
 * The role of someone whose role this workspace sets (not their SSO): changing the choice saves it at once. The
 * choice always shows the role the server holds, so a refused change (the last admin) springs back, with the reason.
 */
export function RoleSelect({
  user,
  onChanged,
  onRefused,
}: {
  user: { id: string; label: string; role: Role };
  onChanged(text: string): void;
  onRefused(text: string, reference?: string): void;
}) {
  const queryClient = useQueryClient();
  const change = useMutation({
    mutationFn: async (role: Role) => {
      const response = await fetch(`/api/v1/settings/users/${encodeURIComponent(user.id)}`, {
        method: "PATCH",
        headers: { "content-type": "application/json", accept: "application/json" },
        body: JSON.stringify({ role }),
      });
      const body = (await response.json().catch(() => ({}))) as { message?: string; reference?: string };
      if (!response.ok) throw new RoleRefused(body.message ?? "The role could not be changed. Try again.", body.reference);
      return role;
    },
    onSuccess: async (role) => {
      await queryClient.invalidateQueries({ queryKey: ["tenant-users"] });
      onChanged(roleChangedMessage(user.label, role));
    },
    onError: (error) => onRefused(error.message, error instanceof RoleRefused ? error.reference : undefined),
  });
  return (
    <select
      aria-label={`Role of ${user.label}`}
      value={change.isPending ? change.variables : user.role}
      disabled={change.isPending}
      aria-busy={change.isPending}
      onChange={(event) => change.mutate(event.currentTarget.value as Role)}
      className="rounded-md border border-slate-300 bg-white px-2 py-1 text-sm text-slate-800 focus-visible:outline-2 focus-visible:outline-brand-600 disabled:opacity-60"
    >
      <option value="member">{ROLE_LABELS.member}</option>
      <option value="admin">{ROLE_LABELS.admin}</option>
    </select>
  );
}
