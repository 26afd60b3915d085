import type { Database } from "@/db/client";
import { recordAuditEvent } from "@/lib/audit/record-audit-event";
import type { Clock } from "@/lib/time/clock";
import type { SignedInStaff } from "./staff-sessions";

export type StaffActor = Pick<SignedInStaff, "id" | "email" | "name" | "role">;

/** Every staff action is audited with the staff identity (their id and address), the tenant and the client address. */
export function recordStaffAction(
  db: Database,
  input: { staff: StaffActor; kind: string; tenantId?: string | null; clientIp: string; detail?: Record<string, unknown>; outcome?: "success" | "failure" },
  clock: Clock,
): Promise<string> {
  return recordAuditEvent(
    db,
    {
      kind: input.kind,
      outcome: input.outcome ?? "success",
      actor: { type: "staff", id: input.staff.id, label: input.staff.email ?? input.staff.name },
      tenantId: input.tenantId,
      clientIp: input.clientIp,
      detail: { staffRole: input.staff.role, ...input.detail },
    },
    clock,
  );
}
