/** Whether a database error is a unique-constraint violation (SQLSTATE 23505), from postgres.js or PGlite via Drizzle. */
export function isUniqueViolation(error: unknown): boolean {
  for (let e: unknown = error, depth = 0; e && typeof e === "object" && depth < 4; e = (e as { cause?: unknown }).cause, depth++)
    if ((e as { code?: unknown }).code === "23505") return true;
  return false;
}
