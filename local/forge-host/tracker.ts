// Counts unfinished work per "root" (the invocation that started it, directly or through queue
// events it pushed), so `POST /api/trigger/{key}` can answer when everything a run started has
// finished, and tests can wait for the host to be idle instead of sleeping.
export class WorkTracker {
  private readonly counts = new Map<string, number>();
  private readonly waiters = new Map<string, (() => void)[]>();
  private total = 0;
  private readonly idleWaiters: (() => void)[] = [];

  begin(root: string): void {
    this.counts.set(root, (this.counts.get(root) ?? 0) + 1);
    this.total++;
  }

  end(root: string): void {
    const n = (this.counts.get(root) ?? 0) - 1;
    this.total = Math.max(0, this.total - 1);
    if (n <= 0) {
      this.counts.delete(root);
      for (const w of this.waiters.get(root) ?? []) w();
      this.waiters.delete(root);
    } else this.counts.set(root, n);
    if (this.total === 0) for (const w of this.idleWaiters.splice(0)) w();
  }

  pending(root?: string): number {
    return root === undefined ? this.total : (this.counts.get(root) ?? 0);
  }

  /** Resolves when `root` (or, without one, everything) has no unfinished work. */
  idle(root?: string): Promise<void> {
    if (root === undefined)
      return this.total === 0 ? Promise.resolve() : new Promise((r) => this.idleWaiters.push(r));
    if (!this.counts.has(root)) return Promise.resolve();
    return new Promise((r) => {
      const list = this.waiters.get(root) ?? [];
      list.push(r);
      this.waiters.set(root, list);
    });
  }
}
