/**
 * The emulator's notion of now. Tests move it forward (through the admin API) to expire codes, tokens and client
 * secrets without waiting; everything time-dependent in the emulator reads this clock and nothing else.
 */
export class Clock {
  private offsetMs = 0;

  now(): Date {
    return new Date(Date.now() + this.offsetMs);
  }

  nowSeconds(): number {
    return Math.floor(this.now().getTime() / 1000);
  }

  setOffsetSeconds(seconds: number): void {
    this.offsetMs = seconds * 1000;
  }

  offsetSeconds(): number {
    return this.offsetMs / 1000;
  }
}
