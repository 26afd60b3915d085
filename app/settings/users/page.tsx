import type { Metadata } from "next";
import { requireTenantAdmin } from "@/lib/web/current-user";
import { InviteUserForm } from "./invite-user-form";
import { TenantUsersTable } from "./tenant-users-table";

export const metadata: Metadata = { title: "Users" };

export default async function UsersSettingsPage() {
  const admin = await requireTenantAdmin();
  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-xl font-semibold tracking-tight">Users</h1>
        <p className="mt-1 text-sm text-slate-600">Everyone who belongs to {admin.tenant.name}. Removing someone signs them out of this workspace at once.</p>
      </div>
      <InviteUserForm />
      <TenantUsersTable currentUserId={admin.id} />
    </div>
  );
}
