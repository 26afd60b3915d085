/** Time comes from a Clock so that tests can freeze it; production code never calls `new Date()` for decisions. */
export type Clock = { now(): Date };

export const systemClock: Clock = { now: () => new Date() };

export function frozenClock(at: Date | string): Clock & { advance(ms: number): void; set(at: Date | string): void } {
  let current = new Date(at);
  return {
    now: () => new Date(current),
    advance: (ms) => {
      current = new Date(current.getTime() + ms);
    },
    set: (next) => {
      current = new Date(next);
    },
  };
}
