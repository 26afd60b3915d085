import { createHash, randomBytes } from "node:crypto";
import { eq } from "drizzle-orm";
import type { Database } from "@/db/client";
import { passwordResetTokens } from "@/db/schema";
import type { Clock } from "@/lib/time/clock";

/**
 * The password-reset link's token: 32 random bytes (base64url, 43 characters), valid 30 minutes, used once. Only
 * its SHA-256 is stored.
 */
export const PASSWORD_RESET_TTL_MS = 30 * 60_000;

export const resetTokenHash = (token: string) => createHash("sha256").update(token).digest("hex");

export function newResetToken(): { token: string; tokenHash: string } {
  const token = randomBytes(32).toString("base64url");
  return { token, tokenHash: resetTokenHash(token) };
}

export type ResetTokenLookup =
  | { ok: true; id: string; userId: string }
  | { ok: false; code: "reset_link_invalid" | "reset_link_used" | "reset_link_expired"; userId?: string };

export async function findResetToken(db: Database, token: unknown, clock: Clock): Promise<ResetTokenLookup> {
  if (typeof token !== "string" || !/^[A-Za-z0-9_-]{43}$/.test(token)) return { ok: false, code: "reset_link_invalid" };
  const [row] = await db.select().from(passwordResetTokens).where(eq(passwordResetTokens.tokenHash, resetTokenHash(token)));
  if (!row) return { ok: false, code: "reset_link_invalid" };
  if (row.usedAt) return { ok: false, code: "reset_link_used", userId: row.userId };
  if (row.expiresAt <= clock.now()) return { ok: false, code: "reset_link_expired", userId: row.userId };
  return { ok: true, id: row.id, userId: row.userId };
}
