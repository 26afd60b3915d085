"use client";

import { useQuery } from "@tanstack/react-query";
import type { MeResponse } from "@/lib/auth/me-response";
import { Alert, DefinitionList } from "./ui";

export function AccountSummary() {
  const me = useQuery({
    queryKey: ["me"],
    queryFn: async (): Promise<MeResponse> => {
      const response = await fetch("/api/v1/me", { headers: { accept: "application/json" } });
      if (!response.ok) throw new Error(((await response.json()) as { message?: string }).message ?? "Could not load your account.");
      return response.json();
    },
  });
  if (me.isPending)
    return (
      <div role="status" aria-label="Loading your account" className="space-y-2">
        <div className="h-9 animate-pulse rounded bg-slate-100" />
        <div className="h-9 animate-pulse rounded bg-slate-100" />
        <div className="h-9 animate-pulse rounded bg-slate-100" />
      </div>
    );
  if (me.isError) return <Alert>{me.error.message}</Alert>;
  const { user, tenant } = me.data;
  return (
    <DefinitionList
      items={[
        [user.email ? "Email" : "Username", user.email ?? user.login ?? "—"],
        ["Tenant", tenant?.name ?? "No tenant"],
        ["Role", tenant ? (tenant.role === "admin" ? "Admin" : "Member") : "—"],
      ]}
    />
  );
}
