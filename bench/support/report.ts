import type { Results } from "./results";

/**
 * One benchmark's figures: rows of (what, measured, target) with a verdict, notes that say how they were measured,
 * and the numbers it contributes to bench/results.json. `npm run bench` prints them and writes them all into
 * bench/RESULTS.md.
 */
export type Figure = { what: string; measured: string; target?: string; met?: boolean };
export type BenchReport = { title: string; figures: Figure[]; notes: string[]; results?: Results };

export function printReport(report: BenchReport): void {
  console.log(`\n== ${report.title}`);
  for (const f of report.figures)
    console.log(`  ${f.what.padEnd(58)} ${f.measured.padStart(14)}${f.target ? `   target ${f.target}${f.met === undefined ? "" : f.met ? " (met)" : " (MISSED)"}` : ""}`);
  for (const note of report.notes) console.log(`  - ${note}`);
}

export function markdownReport(report: BenchReport): string {
  const rows = report.figures.map((f) => `| ${f.what} | ${f.measured} | ${f.target ?? ""} | ${f.met === undefined ? "" : f.met ? "met" : "**missed**"} |`);
  return [`## ${report.title}`, "", "| figure | measured | target | |", "|---|---:|---|---|", ...rows, "", ...report.notes.map((n) => `- ${n}`), ""].join("\n");
}
