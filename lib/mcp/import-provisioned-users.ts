import { and, eq, inArray } from "drizzle-orm";
import type { Database } from "@/db/client";
import { isUniqueViolation } from "@/db/unique-violation";
import { mcpProvisionedUsers } from "@/db/schema";
import { recordAuditEvent } from "@/lib/audit/record-audit-event";
import type { Clock } from "@/lib/time/clock";
import { provisionPeople, type ProvisioningTarget } from "./provisioned-users";
import { parseProvisioningCsv, type CsvRow, type ParsedCsv } from "./provisioning-csv";

/**
 * CSV bulk import of provisioned users (seed 001's "roadmap"): a preview that lists every row's errors (bad
 * address, bad Object ID, duplicate in the file, already provisioned), then an all-or-nothing commit — the whole
 * file is checked again inside one transaction and written in a few multi-row inserts, or nothing is written.
 */
export type ImportPreview = { ok: true; rows: CsvRow[]; valid: number; invalid: number } | { ok: false; problem: Exclude<ParsedCsv, { ok: true }>["problem"] };

const CHUNK = 1000;

async function markAlreadyProvisioned(db: Pick<Database, "select">, tenantId: string, rows: CsvRow[]): Promise<void> {
  const candidates = rows.filter((r) => r.errors.length === 0).map((r) => r.oid);
  const present = new Set<string>();
  for (let i = 0; i < candidates.length; i += CHUNK) {
    const found = await db
      .select({ oid: mcpProvisionedUsers.oid })
      .from(mcpProvisionedUsers)
      .where(and(eq(mcpProvisionedUsers.tenantId, tenantId), inArray(mcpProvisionedUsers.oid, candidates.slice(i, i + CHUNK))));
    for (const { oid } of found) present.add(oid);
  }
  for (const row of rows) if (row.errors.length === 0 && present.has(row.oid)) row.errors.push("already_provisioned");
}

function summary(rows: CsvRow[]): ImportPreview {
  const invalid = rows.filter((r) => r.errors.length > 0).length;
  return { ok: true, rows, valid: rows.length - invalid, invalid };
}

export async function previewProvisioningImport(db: Database, tenantId: string, csv: string): Promise<ImportPreview> {
  const parsed = parseProvisioningCsv(csv);
  if (!parsed.ok) return parsed;
  await markAlreadyProvisioned(db, tenantId, parsed.rows);
  return summary(parsed.rows);
}

export type ImportResult = { ok: true; imported: number } | { ok: false; preview: ImportPreview };

export async function commitProvisioningImport(
  db: Database,
  input: { target: ProvisioningTarget; actorId: string; clientIp: string; csv: string },
  clock: Clock,
): Promise<ImportResult> {
  const parsed = parseProvisioningCsv(input.csv);
  if (!parsed.ok) return { ok: false, preview: parsed };
  const now = clock.now();
  const write = () => db.transaction(async (tx) => {
    await markAlreadyProvisioned(tx, input.target.tenantId, parsed.rows);
    const preview = summary(parsed.rows);
    if (!preview.ok || preview.invalid > 0) return { ok: false as const, preview };
    await provisionPeople(tx, input.target, parsed.rows.map((row) => ({ oid: row.oid, email: row.email })), input.actorId, now);
    return { ok: true as const, imported: parsed.rows.length };
  });
  let outcome: ImportResult;
  try {
    outcome = await write();
  } catch (error) {
    // Someone added one of these people between the check and the write: nothing was written; show why.
    if (!isUniqueViolation(error)) throw error;
    return { ok: false, preview: await previewProvisioningImport(db, input.target.tenantId, input.csv) };
  }
  if (outcome.ok)
    await recordAuditEvent(
      db,
      { kind: "mcp.users_imported", outcome: "success", actor: { type: "user", id: input.actorId }, tenantId: input.target.tenantId, clientIp: input.clientIp, detail: { imported: outcome.imported } },
      clock,
    );
  return outcome;
}
