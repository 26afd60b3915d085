/**
 * Values an attacker chose (an IdP error text from a forged callback, a typed login) made fit for the audit table:
 * Postgres text and jsonb cannot hold U+0000, which would fail the insert and with it the request, so it becomes
 * U+FFFD; and each string is cut to `maxLength`, so a request cannot write an unbounded row.
 */
const MAX_LENGTH = 2000;

export function storableText(value: string, maxLength = MAX_LENGTH): string {
  const cut = value.length > maxLength ? `${value.slice(0, maxLength)}…` : value;
  return cut.includes("\u0000") ? cut.replace(/\u0000/g, "\uFFFD") : cut;
}

export function storableDetail(value: unknown): unknown {
  if (typeof value === "string") return storableText(value);
  if (Array.isArray(value)) return value.map(storableDetail);
  if (value && typeof value === "object" && !(value instanceof Date))
    return Object.fromEntries(Object.entries(value).map(([key, inner]) => [storableText(key, 200), storableDetail(inner)]));
  return value;
}
