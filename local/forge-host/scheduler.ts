// Runs each scheduledTrigger on a local interval. Forge runs them hourly (or as configured);
// locally a minute is a better default for seeing the app work, and 0 turns it off (tests).
// A trigger still running when its next tick comes is not started twice.
export class Scheduler {
  private timer: NodeJS.Timeout | null = null;
  private readonly running = new Set<string>();

  constructor(
    private readonly keys: string[],
    private readonly intervalMs: number,
    private readonly run: (key: string) => Promise<unknown>,
    private readonly log: (l: string) => void,
  ) {}

  start(): void {
    if (this.intervalMs <= 0 || this.keys.length === 0) return;
    this.timer = setInterval(() => this.tick(), this.intervalMs);
    this.timer.unref();
  }

  tick(): void {
    for (const key of this.keys) {
      if (this.running.has(key)) {
        this.log(`[scheduler] ${key} is still running; skipping this tick`);
        continue;
      }
      this.running.add(key);
      this.run(key)
        .catch((e) => this.log(`[scheduler] ${key} failed: ${(e as Error).message}`))
        .finally(() => this.running.delete(key));
    }
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }
}
