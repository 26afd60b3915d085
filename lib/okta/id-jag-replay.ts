import { lt } from "drizzle-orm";
import type { Database } from "@/db/client";
import { idJagRedemptions } from "@/db/schema";
import type { Clock } from "@/lib/time/clock";

/**
 * The `jti` policy for ID-JAGs: single use. An ID-JAG buys one access token; its (iss, jti) is kept until the
 * assertion expires, and a second presentation — by anyone, the same client included — is refused. The drafts let
 * an AS accept re-use until `exp`, but an ID-JAG lives 5 minutes while Gatehouse's access token lives 15, so a
 * client never needs to re-present one; refusing re-use makes a leaked ID-JAG worth nothing once redeemed. Rows past
 * their `exp` (plus the skew) are swept at each redemption: by then `exp` refuses the assertion on its own.
 */
export async function redeemIdJag(db: Database, assertion: { issuer: string; jti: string; clientId: string; exp: number }, skewSeconds: number, clock: Clock): Promise<boolean> {
  await db.delete(idJagRedemptions).where(lt(idJagRedemptions.expiresAt, new Date(clock.now().getTime() - skewSeconds * 1000)));
  const inserted = await db
    .insert(idJagRedemptions)
    .values({ issuer: assertion.issuer, jti: assertion.jti, clientId: assertion.clientId, expiresAt: new Date(assertion.exp * 1000) })
    .onConflictDoNothing()
    .returning({ jti: idJagRedemptions.jti });
  return inserted.length > 0;
}
