import type { Database } from "@/db/client";
import { recordAuditEvent } from "@/lib/audit/record-audit-event";
import type { Clock } from "@/lib/time/clock";
import { deleteSession } from "./sessions";

/** Ends one session by deleting its row; the cookie the browser still holds is then worthless. */
export async function signOut(db: Database, input: { sessionToken: string | undefined; clientIp: string }, clock: Clock): Promise<void> {
  // A token Postgres cannot even hold (it carries NUL) names no session: nothing to end, and no query to fail.
  if (!input.sessionToken || input.sessionToken.includes("\u0000")) return;
  const ended = await deleteSession(db, input.sessionToken);
  if (!ended) return;
  await recordAuditEvent(
    db,
    { kind: "sign_out", outcome: "success", actor: { type: "user", id: ended.userId }, tenantId: ended.tenantId, clientIp: input.clientIp },
    clock,
  );
}
