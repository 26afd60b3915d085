"use server";

import { revalidatePath } from "next/cache";
import { getDb } from "@/db/instance";
import { revokeConsent } from "@/lib/oauth/consents";
import { systemClock } from "@/lib/time/clock";
import { getClientIp } from "@/lib/web/client-ip";
import { getSignedInUser } from "@/lib/web/current-user";

/** "Revoke" on Connected apps: the signed-in person's own consent only (server actions are origin-checked). */
export async function revokeConnectedApp(form: FormData): Promise<void> {
  const user = await getSignedInUser();
  const clientId = form.get("client_id");
  if (!user || typeof clientId !== "string" || clientId.length > 2048) return;
  await revokeConsent(getDb(), { userId: user.id, clientIp: await getClientIp() }, clientId, systemClock);
  revalidatePath("/account/apps");
}
