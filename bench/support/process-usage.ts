import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";

/**
 * Another process's own CPU and memory accounting, read from Linux's /proc: CPU time (user + system) is what the
 * kernel charged to the process, so load generators, the IdP emulator and Postgres in other processes are not in
 * it. Benchmarks compare two readings around a measured run.
 */
const ticksPerSecond = (() => {
  try {
    return Number(execFileSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).trim()) || 100;
  } catch {
    return 100;
  }
})();

export function cpuMilliseconds(pid: number): number {
  // Fields after the command name (which is in parentheses and may hold spaces): utime is the 14th, stime the 15th.
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  const ticks = Number(fields[11]) + Number(fields[12]);
  return (ticks * 1000) / ticksPerSecond;
}

export function residentMegabytes(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const kib = Number(/^VmRSS:\s+(\d+) kB$/m.exec(status)?.[1] ?? NaN);
  return Math.round((kib / 1024) * 10) / 10;
}
