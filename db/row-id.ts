/**
 * Row ids are UUIDs (crypto.randomUUID). An id that arrives in a URL is checked against that shape before it goes
 * near a query: anything else cannot name a row, and some text (a NUL byte) cannot even be sent to Postgres.
 */
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isRowId(value: unknown): value is string {
  return typeof value === "string" && UUID.test(value);
}
