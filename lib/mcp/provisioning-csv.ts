import { cleanEmail } from "@/lib/auth/oidc-identity";
import { isTenantGuid } from "@/lib/entra/tenant-ids";

/**
 * A CSV of people to provision: a header row `email,oid` (in either order, any case), then one person a row. Fields
 * may be quoted ("…", with "" for a quote), as spreadsheets write them; blank lines are skipped. Each row gets every
 * error that applies to it, so the admin fixes the file in one pass.
 */
export const MAX_IMPORT_ROWS = 10_000;
export const MAX_IMPORT_BYTES = 2 * 1024 * 1024;

export type RowError = "email_invalid" | "oid_invalid" | "duplicate_in_file" | "already_provisioned";
export type CsvRow = { line: number; email: string; oid: string; errors: RowError[] };
export type ParsedCsv = { ok: true; rows: CsvRow[] } | { ok: false; problem: "header_missing" | "too_many_rows" | "too_large" | "empty" };

export function parseProvisioningCsv(text: string): ParsedCsv {
  if (Buffer.byteLength(text, "utf8") > MAX_IMPORT_BYTES) return { ok: false, problem: "too_large" };
  const lines = text.replace(/^\uFEFF/, "").split(/\r\n|\n|\r/);
  const headerIndex = lines.findIndex((line) => line.trim() !== "");
  if (headerIndex < 0) return { ok: false, problem: "empty" };
  const header = splitCsvLine(lines[headerIndex]!).map((h) => h.trim().toLowerCase());
  const emailAt = header.indexOf("email");
  const oidAt = header.indexOf("oid");
  if (emailAt < 0 || oidAt < 0) return { ok: false, problem: "header_missing" };

  const rows: CsvRow[] = [];
  const seen = new Map<string, CsvRow>();
  for (let i = headerIndex + 1; i < lines.length; i += 1) {
    if (lines[i]!.trim() === "") continue;
    if (rows.length === MAX_IMPORT_ROWS) return { ok: false, problem: "too_many_rows" };
    const fields = splitCsvLine(lines[i]!);
    const rawEmail = (fields[emailAt] ?? "").trim();
    const rawOid = (fields[oidAt] ?? "").trim().toLowerCase();
    const email = cleanEmail(rawEmail);
    const row: CsvRow = { line: i + 1, email: email ?? rawEmail, oid: rawOid, errors: [] };
    if (!email) row.errors.push("email_invalid");
    if (!isTenantGuid(rawOid)) row.errors.push("oid_invalid");
    else if (seen.has(rawOid)) row.errors.push("duplicate_in_file");
    else seen.set(rawOid, row);
    rows.push(row);
  }
  return rows.length ? { ok: true, rows } : { ok: false, problem: "empty" };
}

/** One CSV line's fields (RFC 4180 quoting; a quoted field does not span lines here). */
function splitCsvLine(line: string): string[] {
  const fields: string[] = [];
  let field = "";
  let quoted = false;
  for (let i = 0; i < line.length; i += 1) {
    const c = line[i]!;
    if (quoted && c === '"' && line[i + 1] === '"') {
      field += '"';
      i += 1;
    } else if (quoted && c === '"') {
      quoted = false;
    } else if (quoted) {
      field += c;
    } else if (c === '"' && field.trim() === "") {
      quoted = true;
      field = "";
    } else if (c === ",") {
      fields.push(field);
      field = "";
    } else {
      field += c;
    }
  }
  fields.push(field);
  return fields;
}
