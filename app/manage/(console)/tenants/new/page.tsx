import type { Metadata } from "next";
import { messageFor } from "@/lib/errors/user-messages";
import { requireStaff } from "@/lib/web/current-staff";
import { ConsoleForbidden } from "../../../_components/console-forbidden";
import { NewTenantForm } from "./new-tenant-form";

export const metadata: Metadata = { title: "Create tenant · Console" };

export default async function NewTenantPage() {
  const staff = await requireStaff();
  if (staff.role !== "admin") return <ConsoleForbidden />;
  return (
    <div className="max-w-lg space-y-6">
      <div>
        <h1 className="text-xl font-semibold tracking-tight">Create tenant</h1>
        <p className="mt-1 text-sm text-slate-600">
          The first admin is mailed a single-use invitation link, valid for 7 days. The link is also shown here once.
        </p>
      </div>
      <NewTenantForm mailNotSent={messageFor("mail_not_sent")} />
    </div>
  );
}
