// The site's clock: real time plus an offset that only moves forward, so a test or the bench can
// let an hour pass at once. Quota windows, burst buckets, Retry-After, audit record times and
// every time the state records read it; `POST /__emulator/clock {advanceMs}` moves it on.
export class Clock {
  private offset = 0;

  constructor(private readonly base: () => number = Date.now) {}

  now(): number {
    return this.base() + this.offset;
  }

  iso(): string {
    return new Date(this.now()).toISOString();
  }

  get offsetMs(): number {
    return this.offset;
  }

  /** Moves time on by `ms` (never back: Jira's clock does not run backwards). */
  advance(ms: number): void {
    if (!(Number.isFinite(ms) && ms >= 0))
      throw new RangeError(`advanceMs must be a number >= 0; got ${ms}.`);
    this.offset += ms;
  }
}
