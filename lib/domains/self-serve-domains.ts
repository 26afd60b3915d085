import { randomBytes } from "node:crypto";
import { and, asc, eq, isNotNull, isNull, lt, or } from "drizzle-orm";
import type { Database } from "@/db/client";
import { tenantDomains, tenants } from "@/db/schema";
import { recordAuditEvent } from "@/lib/audit/record-audit-event";
import { forgetTenantSso } from "@/lib/sso/tenant-sso-cache";
import type { Clock } from "@/lib/time/clock";
import type { TxtLookup } from "./dns-txt-lookup";
import { normalizeDomain } from "./normalize-domain";
import { claimDomain } from "./tenant-domains";

/**
 * Settings → Domains: a tenant admin claims a domain, publishes a TXT record `_gatehouse-challenge.<domain>` with
 * the value Gatehouse gives, and verifies it; Gatehouse re-checks verified domains daily, and a domain whose record
 * is gone goes back to pending (it stops routing sign-ins at once) and its page says since when. A DNS outage is
 * never taken for a missing record. Staff can still verify by hand in the console.
 */
export const CHALLENGE_PREFIX = "_gatehouse-challenge";
export const RECHECK_AFTER_MS = 24 * 60 * 60 * 1000;

export function challengeRecordName(domain: string): string {
  return `${CHALLENGE_PREFIX}.${domain}`;
}

export type TenantDomainView = { domain: string; state: "verified" | "pending"; recordName: string; recordValue: string | null; verifiedAt: Date | null; lostAt: Date | null };

export async function listTenantDomains(db: Database, tenantId: string): Promise<TenantDomainView[]> {
  const rows = await db.select().from(tenantDomains).where(eq(tenantDomains.tenantId, tenantId)).orderBy(asc(tenantDomains.domain));
  return rows.map((r) => ({
    domain: r.domain,
    state: r.verifiedAt ? "verified" : "pending",
    recordName: challengeRecordName(r.domain),
    recordValue: r.challenge,
    verifiedAt: r.verifiedAt,
    lostAt: r.lostAt,
  }));
}

type Actor = { userId: string; clientIp: string };

/** Claims a domain for the workspace and gives it a challenge (kept if the domain was already claimed by it). */
export async function addDomainForTenant(
  db: Database,
  input: { tenantId: string; domain: unknown; actor: Actor },
  clock: Clock,
): Promise<{ ok: true; domain: string } | { ok: false; code: "domain_invalid" | "domain_public" | "domain_taken" }> {
  const claimed = await claimDomain(db, input.tenantId, input.domain, clock);
  if (!claimed.ok) return claimed;
  await db
    .update(tenantDomains)
    .set({ challenge: `gatehouse-verification=${randomBytes(24).toString("base64url")}` })
    .where(and(eq(tenantDomains.domain, claimed.domain), eq(tenantDomains.tenantId, input.tenantId), isNull(tenantDomains.challenge)));
  await audit(db, "domain.added", input.tenantId, input.actor, { domain: claimed.domain }, "success", clock);
  return claimed;
}

export type VerifyDomainResult = { ok: true } | { ok: false; code: "domain_not_found" | "domain_txt_missing" | "domain_dns_unreachable"; reference: string };

/** Looks up the domain's TXT record now; verified when one of its values is the domain's challenge. */
export async function verifyDomainByDns(
  db: Database,
  input: { tenantId: string; domain: unknown; actor: Actor },
  lookup: TxtLookup,
  clock: Clock,
): Promise<VerifyDomainResult> {
  const domain = normalizeDomain(input.domain);
  const [row] = domain
    ? await db.select().from(tenantDomains).where(and(eq(tenantDomains.domain, domain), eq(tenantDomains.tenantId, input.tenantId)))
    : [];
  const refuse = async (code: "domain_not_found" | "domain_txt_missing" | "domain_dns_unreachable") =>
    ({ ok: false, code, reference: await audit(db, "domain.verified", input.tenantId, input.actor, { domain: domain ?? null, reason: code }, "failure", clock) }) as const;
  if (!row || !row.challenge) return refuse("domain_not_found");
  const answer = await lookup(challengeRecordName(row.domain));
  if (answer.kind === "unreachable") return refuse("domain_dns_unreachable");
  if (answer.kind === "none" || !answer.values.includes(row.challenge)) return refuse("domain_txt_missing");
  await db
    .update(tenantDomains)
    .set({ verifiedAt: row.verifiedAt ?? clock.now(), checkedAt: clock.now(), lostAt: null })
    .where(eq(tenantDomains.domain, row.domain));
  await forgetSso(db, input.tenantId);
  await audit(db, "domain.verified", input.tenantId, input.actor, { domain: row.domain, method: "dns_txt" }, "success", clock);
  return { ok: true };
}

/**
 * The daily re-check: every self-serve domain verified and not checked for a day is looked up again. A record that
 * is gone sends the domain back to pending (audited, shown on Settings → Domains); a DNS failure changes nothing
 * and the domain is tried again at the next run. Returns what it found, for the log.
 */
export async function recheckVerifiedDomains(db: Database, lookup: TxtLookup, clock: Clock, limit = 200): Promise<{ checked: number; lost: string[] }> {
  const due = new Date(clock.now().getTime() - RECHECK_AFTER_MS);
  const rows = await db
    .select()
    .from(tenantDomains)
    .where(and(isNotNull(tenantDomains.verifiedAt), isNotNull(tenantDomains.challenge), or(isNull(tenantDomains.checkedAt), lt(tenantDomains.checkedAt, due))))
    .orderBy(asc(tenantDomains.checkedAt))
    .limit(limit);
  const lost: string[] = [];
  for (const row of rows) {
    const answer = await lookup(challengeRecordName(row.domain));
    if (answer.kind === "unreachable") continue;
    if (answer.kind === "records" && answer.values.includes(row.challenge!)) {
      await db.update(tenantDomains).set({ checkedAt: clock.now() }).where(eq(tenantDomains.domain, row.domain));
      continue;
    }
    // Only one instance records the loss when several re-check at once: the one whose update still finds it verified.
    const [taken] = await db
      .update(tenantDomains)
      .set({ verifiedAt: null, checkedAt: clock.now(), lostAt: clock.now() })
      .where(and(eq(tenantDomains.domain, row.domain), isNotNull(tenantDomains.verifiedAt)))
      .returning({ domain: tenantDomains.domain });
    if (!taken) continue;
    await forgetSso(db, row.tenantId);
    await recordAuditEvent(db, { kind: "domain.lost", outcome: "success", actor: { type: "system" }, tenantId: row.tenantId, detail: { domain: row.domain, reason: "txt_record_missing" } }, clock);
    lost.push(row.domain);
  }
  return { checked: rows.length, lost };
}

async function forgetSso(db: Database, tenantId: string): Promise<void> {
  const [tenant] = await db.select({ key: tenants.key }).from(tenants).where(eq(tenants.id, tenantId));
  if (tenant) forgetTenantSso(tenant.key);
}

function audit(db: Database, kind: string, tenantId: string, actor: Actor, detail: Record<string, unknown>, outcome: "success" | "failure", clock: Clock): Promise<string> {
  return recordAuditEvent(db, { kind, outcome, actor: { type: "user", id: actor.userId }, tenantId, clientIp: actor.clientIp, detail }, clock);
}
