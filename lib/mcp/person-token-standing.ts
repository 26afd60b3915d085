import { and, eq, sql } from "drizzle-orm";
import type { Database } from "@/db/client";
import { tenantMemberships, tenants } from "@/db/schema";
import { preparedPerDatabase } from "@/db/prepared-per-database";

/**
 * Whether a person's Gatehouse access token, issued before a change of its workspace the gateway has heard
 * (workspace-changes.ts), may still be used: the workspace is active and the person is still one of its members.
 * One query on the primary keys, prepared once per database handle.
 */
export type PersonTokenStanding = { ok: true; tenantKey: string } | { ok: false; reason: "workspace_unavailable" | "member_removed" };

function prepareStandingLookup(db: Database) {
  return db
    .select({ key: tenants.key, status: tenants.status, memberId: tenantMemberships.userId })
    .from(tenants)
    .leftJoin(tenantMemberships, and(eq(tenantMemberships.tenantId, tenants.id), eq(tenantMemberships.userId, sql.placeholder("userId"))))
    .where(eq(tenants.id, sql.placeholder("tenantId")))
    .prepare("person_token_standing");
}

const lookups = preparedPerDatabase(prepareStandingLookup);

export async function personTokenStanding(db: Database, token: { userId: string; tenantId: string }): Promise<PersonTokenStanding> {
  const lookup = lookups(db);
  const [row] = await lookup.execute({ userId: token.userId, tenantId: token.tenantId });
  if (!row || row.status !== "active") return { ok: false, reason: "workspace_unavailable" };
  if (!row.memberId) return { ok: false, reason: "member_removed" };
  return { ok: true, tenantKey: row.key };
}
