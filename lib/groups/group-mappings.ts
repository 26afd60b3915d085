import { and, asc, count, eq, gt, lt, desc, max } from "drizzle-orm";
import type { Database } from "@/db/client";
import { forgetTenantSsoOf } from "@/lib/sso/tenant-sso-cache";
import { groupMappings } from "@/db/schema";
import { isRowId } from "@/db/row-id";
import { isUniqueViolation } from "@/db/unique-violation";
import { recordAuditEvent } from "@/lib/audit/record-audit-event";
import type { UserMessageCode } from "@/lib/errors/user-messages";
import type { Clock } from "@/lib/time/clock";
import type { GroupMapping } from "./evaluate-group-mappings";
import { parseGroupMappingInput, type GroupMappingField } from "./group-mapping-input";

/**
 * A workspace's group mappings, in priority order: listed, added (at the end), removed and moved one place up or
 * down. Every change is one transaction with its audit event; a change that cannot apply changes nothing and says why.
 */
export const MAX_GROUP_MAPPINGS = 100;

export type GroupMappingsContext = { db: Database; tenantId: string; actorId: string; clientIp: string; clock: Clock };
export type GroupMappingChange = { ok: true; message: UserMessageCode } | { ok: false; error?: UserMessageCode; fieldErrors?: Partial<Record<GroupMappingField, UserMessageCode>> };

export async function listGroupMappings(db: Database, tenantId: string): Promise<GroupMapping[]> {
  return db
    .select({ id: groupMappings.id, groupId: groupMappings.groupId, role: groupMappings.role, scopes: groupMappings.scopes })
    .from(groupMappings)
    .where(eq(groupMappings.tenantId, tenantId))
    .orderBy(asc(groupMappings.position));
}

export async function addGroupMapping(ctx: GroupMappingsContext, kind: "entra" | "oidc", form: Record<string, unknown>): Promise<GroupMappingChange> {
  const parsed = parseGroupMappingInput(form, kind);
  if (!parsed.ok) return { ok: false, fieldErrors: parsed.errors };
  const { input } = parsed;
  try {
    return forgettingCachedSso(ctx, await ctx.db.transaction(async (tx) => {
      const [{ n, last } = { n: 0, last: null }] = await tx
        .select({ n: count(), last: max(groupMappings.position) })
        .from(groupMappings)
        .where(eq(groupMappings.tenantId, ctx.tenantId));
      if (n >= MAX_GROUP_MAPPINGS) return { ok: false, error: "group_mapping_too_many" } as const;
      await tx.insert(groupMappings).values({ tenantId: ctx.tenantId, position: (last ?? 0) + 1, ...input, createdAt: ctx.clock.now(), createdBy: ctx.actorId });
      await audit(tx, ctx, "group_mapping.added", { group: input.groupId, role: input.role, scopes: input.scopes });
      return { ok: true, message: "group_mapping_added" } as const;
    }));
  } catch (error) {
    if (isUniqueViolation(error)) return { ok: false, fieldErrors: { groupId: "group_mapping_exists" } };
    throw error;
  }
}

export async function removeGroupMapping(ctx: GroupMappingsContext, id: unknown): Promise<GroupMappingChange> {
  if (!isRowId(id)) return { ok: false, error: "group_mapping_not_found" };
  return forgettingCachedSso(ctx, await ctx.db.transaction(async (tx) => {
    const [removed] = await tx
      .delete(groupMappings)
      .where(and(eq(groupMappings.tenantId, ctx.tenantId), eq(groupMappings.id, id)))
      .returning({ groupId: groupMappings.groupId });
    if (!removed) return { ok: false, error: "group_mapping_not_found" } as const;
    await audit(tx, ctx, "group_mapping.removed", { group: removed.groupId });
    return { ok: true, message: "group_mapping_removed" } as const;
  }));
}

/** Swaps the mapping with its neighbour above (`up`) or below; at either end nothing moves. */
export async function moveGroupMapping(ctx: GroupMappingsContext, id: unknown, direction: unknown): Promise<GroupMappingChange> {
  if (!isRowId(id)) return { ok: false, error: "group_mapping_not_found" };
  if (direction !== "up" && direction !== "down") return { ok: false, error: "group_mapping_not_found" };
  return forgettingCachedSso(ctx, await ctx.db.transaction(async (tx) => {
    const [mapping] = await tx
      .select({ position: groupMappings.position, groupId: groupMappings.groupId })
      .from(groupMappings)
      .where(and(eq(groupMappings.tenantId, ctx.tenantId), eq(groupMappings.id, id)))
      .for("update");
    if (!mapping) return { ok: false, error: "group_mapping_not_found" } as const;
    const [neighbour] = await tx
      .select({ id: groupMappings.id, position: groupMappings.position })
      .from(groupMappings)
      .where(and(eq(groupMappings.tenantId, ctx.tenantId), direction === "up" ? lt(groupMappings.position, mapping.position) : gt(groupMappings.position, mapping.position)))
      .orderBy(direction === "up" ? desc(groupMappings.position) : asc(groupMappings.position))
      .limit(1)
      .for("update");
    if (!neighbour) return { ok: true, message: "group_mapping_moved" } as const;
    await tx.update(groupMappings).set({ position: neighbour.position }).where(eq(groupMappings.id, id));
    await tx.update(groupMappings).set({ position: mapping.position }).where(eq(groupMappings.id, neighbour.id));
    await audit(tx, ctx, "group_mapping.moved", { group: mapping.groupId, direction });
    return { ok: true, message: "group_mapping_moved" } as const;
  }));
}

/** Once a change is committed, this instance's next sign-in reads the mappings afresh (sign-ins cache them, with the SSO card). */
function forgettingCachedSso<T extends GroupMappingChange>(ctx: GroupMappingsContext, result: T): T {
  if (result.ok) forgetTenantSsoOf(ctx.tenantId);
  return result;
}

function audit(db: Database, ctx: GroupMappingsContext, kind: string, detail: Record<string, unknown>) {
  return recordAuditEvent(db, { kind, outcome: "success", actor: { type: "user", id: ctx.actorId }, tenantId: ctx.tenantId, clientIp: ctx.clientIp, detail }, ctx.clock);
}
