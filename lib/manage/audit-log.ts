import { and, count, desc, eq, gte, ilike, like, lt, or, type SQL } from "drizzle-orm";
import type { Database } from "@/db/client";
import { auditEvents } from "@/db/schema";
import { cleanText, pageNumber } from "@/lib/text/clean-text";

export const AUDIT_PAGE_SIZE = 50;

export type AuditFilters = { tenant: string; actor: string; kind: string; from: string; to: string };
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
  const filters: AuditFilters = { tenant: text("tenant", 64), actor: text("actor", 254), kind: text("kind", 64), from: text("from", 19), to: text("to", 19) };
  const fromDate = parseInstant(filters.from, false);
  const toDate = parseInstant(filters.to, true);
  if (fromDate === undefined || toDate === undefined) return { ok: false, message: "Enter dates as YYYY-MM-DD (UTC), optionally with a time.", filters };
  if (fromDate && toDate && fromDate >= toDate) return { ok: false, message: "The start of the time range must be before its end.", filters };
  return { ok: true, query: { ...filters, fromDate, toDate, page: pageNumber(params.get("page")) } };
}

export type AuditRow = typeof auditEvents.$inferSelect;

/**
 * The audit log, newest first, paged in SQL (ties broken on id). Filters: tenant id; actor (their id, or part of
 * their label such as an e-mail); kind (exact, or a prefix such as `sign_in`); a UTC time range [from, to).
 */
export async function listAuditEvents(db: Database, query: AuditQuery): Promise<{ total: number; events: AuditRow[] }> {
  const escape = (v: string) => v.replace(/[\\%_]/g, (c) => `\\${c}`);
  const conditions: SQL[] = [];
  if (query.tenant) conditions.push(eq(auditEvents.tenantId, query.tenant));
  if (query.actor) conditions.push(or(eq(auditEvents.actorId, query.actor), ilike(auditEvents.actorLabel, `%${escape(query.actor)}%`))!);
  if (query.kind) conditions.push(or(eq(auditEvents.kind, query.kind), like(auditEvents.kind, `${escape(query.kind)}.%`))!);
  if (query.fromDate) conditions.push(gte(auditEvents.occurredAt, query.fromDate));
  if (query.toDate) conditions.push(lt(auditEvents.occurredAt, query.toDate));
  const where = conditions.length ? and(...conditions) : undefined;
  const [events, [counted]] = await Promise.all([
    db
      .select()
      .from(auditEvents)
      .where(where)
      .orderBy(desc(auditEvents.occurredAt), desc(auditEvents.id))
      .limit(AUDIT_PAGE_SIZE)
      .offset((query.page - 1) * AUDIT_PAGE_SIZE),
    db.select({ total: count() }).from(auditEvents).where(where),
  ]);
  return { total: counted?.total ?? 0, events };
}
