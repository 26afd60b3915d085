"use server";

import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import { getDb } from "@/db/instance";
import { recordAuditEvent } from "@/lib/audit/record-audit-event";
import { consoleCookieNames } from "@/lib/auth/cookie-names";
import { getSettings } from "@/lib/config/load-settings";
import { deleteStaffSession } from "@/lib/manage/staff-sessions";
import { systemClock } from "@/lib/time/clock";
import { getClientIp } from "@/lib/web/client-ip";

/** Signs the staff member out of the console: the row goes, and the console cookie with it. Tenant cookies stay. */
export async function staffSignOutAction(): Promise<void> {
  const { mgmtSecureCookies: secureCookies } = getSettings();
  const name = consoleCookieNames(secureCookies).sessionToken;
  const jar = await cookies();
  const token = jar.get(name)?.value;
  const ended = token ? await deleteStaffSession(getDb(), token) : undefined;
  if (ended)
    await recordAuditEvent(getDb(), { kind: "staff.sign_out", outcome: "success", actor: { type: "staff", id: ended.staffUserId }, clientIp: await getClientIp() }, systemClock);
  jar.set(name, "", { httpOnly: true, sameSite: "lax", path: "/", secure: secureCookies, maxAge: 0 });
  redirect("/manage/sign-in");
}
