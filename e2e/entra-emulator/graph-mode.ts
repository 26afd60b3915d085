/**
 * How the emulator's Microsoft Graph answers, set through the admin API (`PUT /_emulator/graph-mode`), like the
 * hostile modes: normally, throttled (429 with `Retry-After`, for the next `times` Graph requests, then normally
 * again), or down (503 without `Retry-After`, until cleared).
 */
export type GraphMode = { mode: "throttle"; retryAfterSeconds: number; times: number } | { mode: "down" } | null;

export class GraphModes {
  private current: GraphMode = null;

  set(mode: GraphMode): void {
    this.current = mode;
  }

  get(): GraphMode {
    return this.current;
  }

  /** The answer to give the next Graph request instead of the normal one, if any (a throttle use is counted). */
  nextFailure(): { status: 429 | 503; retryAfterSeconds?: number } | undefined {
    const mode = this.current;
    if (!mode) return undefined;
    if (mode.mode === "down") return { status: 503 };
    mode.times -= 1;
    if (mode.times <= 0) this.current = null;
    return { status: 429, retryAfterSeconds: mode.retryAfterSeconds };
  }
}
