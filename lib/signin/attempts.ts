import { and, eq, gt, lt } from "drizzle-orm";
import type { Database } from "@/db/client";
import { signInAttempts } from "@/db/schema";
import { FLOW_LIFETIME_SECONDS } from "./flow-cookie";

/**
 * Started sign-ins, server-side. The start records the attempt; the callback consumes it inside the transaction
 * that writes the session (consumeAttempt), so of two callbacks carrying the same flow — a replay, a double
 * submit, two instances — exactly one completes. Expired rows are swept now and then by starts.
 */
export async function recordAttempt(db: Database, input: { id: string; providerId: string; now: Date }): Promise<void> {
  const expiresAt = new Date(input.now.getTime() + FLOW_LIFETIME_SECONDS * 1000);
  await db.insert(signInAttempts).values({ id: input.id, provider: input.providerId, expiresAt, createdAt: input.now });
  // About one start in a hundred clears what expired: cheap, and no scheduler is needed.
  if (Math.random() < 0.01) await db.delete(signInAttempts).where(lt(signInAttempts.expiresAt, input.now));
}

/** Deletes the attempt if it is still open; true when this caller consumed it. Run inside the completing transaction. */
export async function consumeAttempt(db: Database, input: { id: string; providerId: string; now: Date }): Promise<boolean> {
  const consumed = await db
    .delete(signInAttempts)
    .where(and(eq(signInAttempts.id, input.id), eq(signInAttempts.provider, input.providerId), gt(signInAttempts.expiresAt, input.now)))
    .returning({ id: signInAttempts.id });
  return consumed.length === 1;
}
