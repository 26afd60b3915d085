"use server";

import { redirect } from "next/navigation";
import { getDb } from "@/db/instance";
import { getSettings } from "@/lib/config/load-settings";
import { messageFor } from "@/lib/errors/user-messages";
import { createWorkspace } from "@/lib/tenancy/create-workspace";
import { systemClock } from "@/lib/time/clock";
import { getClientIp } from "@/lib/web/client-ip";
import { getSignedInUser } from "@/lib/web/current-user";
import { readSessionToken } from "@/lib/web/session-cookie";

export type CreateWorkspaceState = { error?: string };

export async function createWorkspaceAction(_previous: CreateWorkspaceState, form: FormData): Promise<CreateWorkspaceState> {
  const user = await getSignedInUser();
  const sessionToken = await readSessionToken();
  if (!user || !sessionToken) redirect("/login");
  if (user.tenant) redirect("/");
  const result = await createWorkspace(getDb(), { userId: user.id, sessionToken, name: form.get("name"), clientIp: await getClientIp() }, systemClock);
  if (!result.ok) return { error: messageFor(result.code) };
  redirect(`${getSettings().appBaseUrl}/auth/callback`);
}
