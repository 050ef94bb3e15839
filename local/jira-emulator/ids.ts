// Deterministic identifiers: the same seed gives the same ids, so tests and benchmarks can be
// compared run to run. Shapes follow Jira Cloud: groupIds are UUIDs, accountIds are 24 hex chars
// (classic Atlassian ids) and project/role ids are numbers counted up from 10000.
import { createHash } from 'node:crypto';

export class IdSource {
  private n = 0;
  constructor(private readonly salt: string) {}

  private hex(): string {
    this.n += 1;
    return createHash('sha1').update(`${this.salt}:${this.n}`).digest('hex');
  }

  uuid(): string {
    const h = this.hex();
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
  }

  accountId(): string {
    return this.hex().slice(0, 24);
  }

  /** For persisting: where the sequence stands. */
  get position(): number {
    return this.n;
  }
  set position(v: number) {
    this.n = v;
  }
}
