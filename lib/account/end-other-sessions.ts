import { and, eq, ne } from "drizzle-orm";
import type { Database } from "@/db/client";
import { sessions } from "@/db/schema";
import { recordAuditEvent } from "@/lib/audit/record-audit-event";
import type { Clock } from "@/lib/time/clock";

/** "Sign out other sessions": every session of the person but the one making the request ends now. */
export async function endOtherSessions(
  db: Database,
  input: { userId: string; currentSessionToken: string; tenantId: string | null; clientIp: string },
  clock: Clock,
): Promise<{ ended: number }> {
  const ended = await db
    .delete(sessions)
    .where(and(eq(sessions.userId, input.userId), ne(sessions.sessionToken, input.currentSessionToken)))
    .returning({ t: sessions.sessionToken });
  await recordAuditEvent(
    db,
    { kind: "sessions.other_ended", outcome: "success", actor: { type: "user", id: input.userId }, tenantId: input.tenantId, clientIp: input.clientIp, detail: { ended: ended.length } },
    clock,
  );
  return { ended: ended.length };
}
