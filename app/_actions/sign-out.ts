"use server";

import { redirect } from "next/navigation";
import { getDb } from "@/db/instance";
import { signOut } from "@/lib/auth/sign-out";
import { systemClock } from "@/lib/time/clock";
import { getClientIp } from "@/lib/web/client-ip";
import { clearSessionCookie, readSessionToken } from "@/lib/web/session-cookie";

export async function signOutAction(): Promise<void> {
  await signOut(getDb(), { sessionToken: await readSessionToken(), clientIp: await getClientIp() }, systemClock);
  await clearSessionCookie();
  redirect("/login");
}
