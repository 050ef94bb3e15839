// Optional persistence: the state is written to a JSON file shortly after it changes (and on
// close), and read back on start, so a local site survives restarts.
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';

import { State } from './state';

export function loadState(file: string): State | null {
  if (!existsSync(file)) return null;
  return State.deserialize(JSON.parse(readFileSync(file, 'utf8')));
}

export class Persister {
  private timer: NodeJS.Timeout | null = null;
  private written = -1;

  constructor(
    private readonly file: string,
    private readonly current: () => State,
  ) {}

  /** Schedules a write if the state changed since the last one. */
  changed(): void {
    if (this.timer || this.current().version === this.written) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      this.flush();
    }, 200);
  }

  /** The state object was replaced (reset): write it even if its version matches. */
  invalidate(): void {
    this.written = -1;
    this.changed();
  }

  flush(): void {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = null;
    }
    const s = this.current();
    if (s.version === this.written) return;
    const tmp = `${this.file}.tmp`;
    writeFileSync(tmp, JSON.stringify(s.serialize()));
    renameSync(tmp, this.file);
    this.written = s.version;
  }
}
