/**
 * Runs `count` operations with at most `concurrency` in flight (a closed workload, like Gatling's concurrent users)
 * and reports wall time and per-operation latency. Stops early at `deadlineMs`, so a slow machine shortens the run
 * instead of stretching the whole benchmark.
 */
export type LoadResult = { completed: number; failed: number; wallMs: number; latenciesMs: number[]; firstError?: unknown };

export async function runLoad(
  operation: (index: number) => Promise<void>,
  options: { count: number; concurrency: number; deadlineMs?: number },
): Promise<LoadResult> {
  const started = performance.now();
  const deadline = started + (options.deadlineMs ?? 60_000);
  const latenciesMs: number[] = [];
  let next = 0;
  let failed = 0;
  let firstError: unknown;
  const worker = async () => {
    while (next < options.count && performance.now() < deadline) {
      const index = next++;
      const begun = performance.now();
      try {
        await operation(index);
        latenciesMs.push(performance.now() - begun);
      } catch (error) {
        failed++;
        firstError ??= error;
      }
    }
  };
  await Promise.all(Array.from({ length: options.concurrency }, worker));
  return { completed: latenciesMs.length, failed, wallMs: performance.now() - started, latenciesMs, firstError };
}

export function percentile(values: number[], p: number): number {
  if (!values.length) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

export const fixed = (value: number, digits = 1) => (Number.isFinite(value) ? value.toFixed(digits) : "n/a");
