import { redirect } from "next/navigation";
import { getSettings } from "@/lib/config/load-settings";
import { messageFor } from "@/lib/errors/user-messages";
import { staffAuth } from "@/lib/manage/staff-auth";
import type { SignedInStaff } from "@/lib/manage/staff-sessions";
import { crossOriginRefusal, isSameOriginRequest } from "./same-origin";

/** The staff member signed in to the console (read from the console's own cookie and table); null when none is. */
export async function getSignedInStaff(): Promise<SignedInStaff | null> {
  const session = (await staffAuth()) as { gatehouseStaff?: SignedInStaff } | null;
  return session?.gatehouseStaff ?? null;
}

/** For console pages: staff only; anyone else (including a signed-in tenant user) goes to the console's sign-in. */
export async function requireStaff(): Promise<SignedInStaff> {
  const staff = await getSignedInStaff();
  if (!staff) redirect("/manage/sign-in");
  return staff;
}

/**
 * For the console's route handlers: the staff member, or the response to send instead — 403 for a request from
 * another origin (CSRF), 401 without a staff session, 403 when the action needs Staff.Admin and they are support.
 */
export async function staffForApi(request: Request, need: "read" | "write"): Promise<{ staff: SignedInStaff } | { response: Response }> {
  if (need === "write" && !isSameOriginRequest(request, getSettings().mgmtPublicUrl)) return { response: crossOriginRefusal() };
  const staff = await getSignedInStaff();
  if (!staff) return { response: Response.json({ error: "not_signed_in", message: messageFor("staff_not_signed_in") }, { status: 401 }) };
  if (need === "write" && staff.role !== "admin")
    return { response: Response.json({ error: "staff_read_only", message: messageFor("staff_read_only") }, { status: 403 }) };
  return { staff };
}
