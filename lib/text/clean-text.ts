/**
 * Text a person typed or a client sent, in the form Gatehouse keeps or searches for: NFC, control characters
 * removed (a NUL could not even reach Postgres), trimmed.
 */
export function cleanText(value: unknown): string {
  return typeof value === "string" ? value.normalize("NFC").replace(/\p{Cc}/gu, "").trim() : "";
}

/** A 1-based page number from a query parameter; anything else (missing, negative, absurd) is page 1. */
export const MAX_PAGE = 100_000;

export function pageNumber(value: string | string[] | null | undefined): number {
  const page = Number(typeof value === "string" ? value : undefined);
  return Number.isInteger(page) && page >= 1 && page <= MAX_PAGE ? page : 1;
}
