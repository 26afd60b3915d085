import { and, eq, gt, isNull, lte, or } from "drizzle-orm";
import type { Adapter, AdapterPayload } from "oidc-provider";
import type { Database } from "@/db/client";
import { oauthModels } from "@/db/schema";
import type { Clock } from "@/lib/time/clock";

/**
 * oidc-provider's storage on Gatehouse's database, so every instance behind one Postgres sees the same sessions,
 * interactions, grants, codes and refresh tokens (a flow begun on one instance completes on another). One table,
 * keyed by (model, id); the payload is stored as the library gives it. The same code runs on PGlite.
 *
 * Consuming (an authorization code redeemed, a refresh token rotated) sets `consumed_at` in one statement that only
 * succeeds once, and `find` reports it as the payload's `consumed`: the library then refuses a second redemption and,
 * for a refresh token, revokes its whole grant (reuse detection).
 */
export function drizzleAdapterFor(db: Database, clock: Clock): new (model: string) => Adapter {
  return class DrizzleAdapter implements Adapter {
    constructor(readonly model: string) {}

    async upsert(id: string, payload: AdapterPayload, expiresIn: number): Promise<void> {
      const expiresAt = expiresIn ? new Date(clock.now().getTime() + expiresIn * 1000) : null;
      const row = {
        payload: payload as Record<string, unknown>,
        grantId: payload.grantId ?? null,
        userCode: payload.userCode ?? null,
        uid: payload.uid ?? null,
        expiresAt,
      };
      await db
        .insert(oauthModels)
        .values({ model: this.model, id, ...row })
        .onConflictDoUpdate({ target: [oauthModels.model, oauthModels.id], set: { ...row, consumedAt: null } });
    }

    find(id: string): Promise<AdapterPayload | undefined> {
      return nameable(id) ? this.findWhere(eq(oauthModels.id, id)) : Promise.resolve(undefined);
    }

    findByUid(uid: string): Promise<AdapterPayload | undefined> {
      return nameable(uid) ? this.findWhere(eq(oauthModels.uid, uid)) : Promise.resolve(undefined);
    }

    findByUserCode(userCode: string): Promise<AdapterPayload | undefined> {
      return nameable(userCode) ? this.findWhere(eq(oauthModels.userCode, userCode)) : Promise.resolve(undefined);
    }

    async consume(id: string): Promise<void> {
      await db
        .update(oauthModels)
        .set({ consumedAt: clock.now() })
        .where(and(eq(oauthModels.model, this.model), eq(oauthModels.id, id), isNull(oauthModels.consumedAt)));
    }

    async destroy(id: string): Promise<void> {
      await db.delete(oauthModels).where(and(eq(oauthModels.model, this.model), eq(oauthModels.id, id)));
    }

    /** A grant revoked (reuse of a spent refresh token, a revoked consent) takes every token of its family along. */
    async revokeByGrantId(grantId: string): Promise<void> {
      await db.delete(oauthModels).where(eq(oauthModels.grantId, grantId));
    }

    private async findWhere(condition: ReturnType<typeof eq>): Promise<AdapterPayload | undefined> {
      const [row] = await db
        .select({ payload: oauthModels.payload, consumedAt: oauthModels.consumedAt })
        .from(oauthModels)
        .where(and(eq(oauthModels.model, this.model), condition, or(isNull(oauthModels.expiresAt), gt(oauthModels.expiresAt, clock.now()))))
        .limit(1);
      if (!row) return undefined;
      const payload = row.payload as AdapterPayload;
      return row.consumedAt ? { ...payload, consumed: Math.floor(row.consumedAt.getTime() / 1000) } : payload;
    }
  };
}

/**
 * Ids arrive from requests (a client_id, a token): one that cannot name a row — a NUL byte, which Postgres cannot
 * even receive, or an absurd length — is "not found", not a failed query.
 */
function nameable(id: unknown): id is string {
  return typeof id === "string" && id.length > 0 && id.length <= 4096 && !id.includes("\u0000");
}

/** Deletes the rows past their expiry (run now and then; expired rows are already invisible to `find`). */
export async function sweepExpiredOAuthModels(db: Database, clock: Clock): Promise<void> {
  await db.delete(oauthModels).where(lte(oauthModels.expiresAt, clock.now()));
}
