const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/**
 * "21 Nov 2026, 09:05 UTC": unambiguous for every reader, and the same on the server and in any browser. Built by
 * hand rather than with Intl, whose output (spaces, commas, month names) varies with the ICU version and locale.
 */
export function formatUtcDateTime(at: Date | string): string {
  const date = new Date(at);
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${date.getUTCDate()} ${MONTHS[date.getUTCMonth()]} ${date.getUTCFullYear()}, ${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())} UTC`;
}
