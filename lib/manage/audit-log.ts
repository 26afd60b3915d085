import { and, count, desc, eq, gte, ilike, like, lt, or, sql, type SQL } from "drizzle-orm";
import type { Database } from "@/db/client";
import { auditEvents, staffUsers, tenants, users } from "@/db/schema";
import { cleanText, pageNumber } from "@/lib/text/clean-text";
import { containsPattern, escapeLike } from "@/lib/text/like-pattern";

export const AUDIT_PAGE_SIZE = 50;

export type AuditFilters = { reference: string; tenant: string; actor: string; kind: string; from: string; to: string };
export type AuditQuery = AuditFilters & { page: number; fromDate: Date | null; toDate: Date | null };

const DATE_TIME = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2})?)?$/;

/** A date or date-time typed into the filter, read as UTC; `to` covers the whole day when only a date is given. */
function parseInstant(value: string, endOfDay: boolean): Date | null | undefined {
  if (!value) return null;
  if (!DATE_TIME.test(value)) return undefined;
  const year = Number(value.slice(0, 4));
  if (year < 1970 || year > 9998) return undefined;
  const date = new Date(value.length === 10 ? `${value}T00:00:00Z` : `${value}Z`);
  // A day that does not exist (2026-02-30) would silently roll over: it must read back as typed.
  if (Number.isNaN(date.getTime()) || !date.toISOString().startsWith(value.slice(0, 10))) return undefined;
  return endOfDay && value.length === 10 ? new Date(date.getTime() + 24 * 60 * 60 * 1000) : date;
}

/** The audit log's filters from the query string, or a message naming what is wrong. */
export function parseAuditQuery(params: URLSearchParams): { ok: true; query: AuditQuery } | { ok: false; message: string; filters: AuditFilters } {
  const text = (name: string, max: number) => cleanText(params.get(name)).slice(0, max);
  const filters: AuditFilters = {
    // A reference is read aloud or typed from an error page: spaces and case do not matter.
    reference: text("reference", 20).replace(/\s+/g, "").toUpperCase(),
    tenant: text("tenant", 64),
    actor: text("actor", 254),
    kind: text("kind", 64),
    from: text("from", 19),
    to: text("to", 19),
  };
  const fromDate = parseInstant(filters.from, false);
  const toDate = parseInstant(filters.to, true);
  if (fromDate === undefined || toDate === undefined) return { ok: false, message: "Enter dates as YYYY-MM-DD (UTC), optionally with a time.", filters };
  if (fromDate && toDate && fromDate >= toDate) return { ok: false, message: "The start of the time range must be before its end.", filters };
  return { ok: true, query: { ...filters, fromDate, toDate, page: pageNumber(params.get("page")) } };
}

/** An event as support reads it: the actor and the tenant by name as well as by id. */
export type AuditRow = typeof auditEvents.$inferSelect & { actorName: string | null; tenantName: string | null };

/**
 * The audit log, newest first, paged in SQL (ties broken on id). Filters: the reference an error page showed (exact);
 * tenant id; actor (their id, or part of their label such as an e-mail); kind (exact, or a prefix such as
 * `sign_in`); a UTC time range [from, to). Each event names its actor (a user's or staff member's current name or
 * e-mail when the event recorded only their id) and its tenant.
 */
export async function listAuditEvents(db: Database, query: AuditQuery): Promise<{ total: number; events: AuditRow[] }> {
  const conditions: SQL[] = [];
  if (query.reference) conditions.push(eq(auditEvents.reference, query.reference));
  if (query.tenant) conditions.push(eq(auditEvents.tenantId, query.tenant));
  if (query.actor) conditions.push(or(eq(auditEvents.actorId, query.actor), ilike(auditEvents.actorLabel, containsPattern(query.actor)))!);
  if (query.kind) conditions.push(or(eq(auditEvents.kind, query.kind), like(auditEvents.kind, `${escapeLike(query.kind)}.%`))!);
  if (query.fromDate) conditions.push(gte(auditEvents.occurredAt, query.fromDate));
  if (query.toDate) conditions.push(lt(auditEvents.occurredAt, query.toDate));
  const where = conditions.length ? and(...conditions) : undefined;
  const [events, [counted]] = await Promise.all([
    db
      .select({
        event: auditEvents,
        actorName: sql<string | null>`coalesce(${users.name}, ${users.email}, ${staffUsers.name}, ${staffUsers.email})`,
        tenantName: tenants.name,
      })
      .from(auditEvents)
      .leftJoin(users, and(eq(auditEvents.actorType, "user"), eq(users.id, auditEvents.actorId)))
      .leftJoin(staffUsers, and(eq(auditEvents.actorType, "staff"), eq(staffUsers.id, auditEvents.actorId)))
      .leftJoin(tenants, eq(tenants.id, auditEvents.tenantId))
      .where(where)
      .orderBy(desc(auditEvents.occurredAt), desc(auditEvents.id))
      .limit(AUDIT_PAGE_SIZE)
      .offset((query.page - 1) * AUDIT_PAGE_SIZE),
    db.select({ total: count() }).from(auditEvents).where(where),
  ]);
  return { total: counted?.total ?? 0, events: events.map((row) => ({ ...row.event, actorName: row.actorName, tenantName: row.tenantName })) };
}
