// The bench's time: it never waits for a real hour. Whenever the app has nothing running or
// ready and what is left waits for a delay (a run paused until the top of the hour, as a chain
// of queue delays of at most 900 s, or a retry's backoff), the host's clock (POST /__host/clock,
// which moves the emulator's too) is moved on to the next delayed event's due time. An hour of
// the simulated day passes the same way: the clock moves to the next top of the hour, where
// Jira's quota window rolls over and the app's budget key (the UTC hour it reads) is new. Each
// top of the hour the clock crosses while a run waits counts one pause, with the causes the app
// logged (`run.paused`). No sleeps but the poll.
import { msToNextHour } from './bench-figures';

const POLL_MS = 100;

export interface PauseTally {
  /** Tops of the hour the clock crossed while the work waited. */
  pauses: number;
  /** The causes the app named ('quota': Jira refused; 'budget': the runs' share). */
  byCause: Record<string, number>;
}

interface ClockStatus {
  nowMs: number;
  offsetMs: number;
  nextDelayedMs?: number;
}
interface LogPage {
  lines: { seq: number; text: string }[];
  next: number;
}
interface Health {
  queue: { ready: number; running: number; delayed: number };
}

export interface TimeKeeper {
  /** The clock moves to the next top of the hour; delayed work due by then is delivered. */
  passHour(): Promise<void>;
  /** Moves time on whenever only delayed work is left, until `work` settles. */
  during<T>(
    work: Promise<T>,
    progress?: () => Promise<string>,
  ): Promise<{ value: T; tally: PauseTally }>;
  now(): Promise<number>;
}

export function timeKeeper(o: { hostUrl: string; log: (line: string) => void }): TimeKeeper {
  let since = 0;
  const get = async <T>(p: string): Promise<T> => {
    const res = await fetch(o.hostUrl + p);
    if (!res.ok) throw new Error(`host GET ${p}: ${res.status} ${await res.text()}`);
    return (await res.json()) as T;
  };
  const advance = async (ms: number): Promise<ClockStatus> => {
    const res = await fetch(`${o.hostUrl}/__host/clock`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ advanceMs: Math.max(0, Math.ceil(ms)) }),
    });
    if (!res.ok) throw new Error(`host POST /__host/clock: ${res.status} ${await res.text()}`);
    return (await res.json()) as ClockStatus;
  };
  /** Causes of the pauses the app logged since the last call. */
  const newPauses = async (): Promise<string[]> => {
    const causes: string[] = [];
    for (;;) {
      const page = await get<LogPage>(`/api/logs?since=${since}&limit=1000`);
      for (const l of page.lines) {
        if (!l.text.includes('"run.paused"')) continue;
        causes.push((JSON.parse(l.text) as { cause?: string }).cause ?? 'unknown');
      }
      if (page.lines.length === 0 || page.next === since) return causes;
      since = page.next;
    }
  };
  return {
    async now() {
      return (await get<ClockStatus>('/__host/clock')).nowMs;
    },
    async passHour() {
      const { nowMs } = await get<ClockStatus>('/__host/clock');
      await advance(msToNextHour(nowMs));
    },
    async during(work, progress) {
      const tally: PauseTally = { pauses: 0, byCause: {} };
      let settled = false;
      const done = work.finally(() => {
        settled = true;
      });
      done.catch(() => undefined);
      let pending: string[] = [];
      while (!settled) {
        await Promise.race([done.catch(() => undefined), tick()]);
        if (settled) break;
        pending.push(...(await newPauses()));
        const { queue } = await get<Health>('/api/health');
        if (queue.running > 0 || queue.ready > 0 || queue.delayed === 0) continue;
        const c = await get<ClockStatus>('/__host/clock');
        if (c.nextDelayedMs === undefined) continue;
        const hourBefore = Math.floor(c.nowMs / 3_600_000);
        const after = await advance(c.nextDelayedMs - c.nowMs);
        const crossed = Math.floor(after.nowMs / 3_600_000) - hourBefore;
        if (crossed <= 0) continue;
        tally.pauses += crossed;
        const cause = pending.includes('quota') ? 'quota' : (pending[0] ?? 'delay');
        tally.byCause[cause] = (tally.byCause[cause] ?? 0) + crossed;
        o.log(
          `clock: the work waited (${[...new Set(pending)].join(', ') || 'delays'}); ` +
            `${new Date(after.nowMs).toISOString().slice(0, 16)} UTC` +
            (progress ? `, ${await progress()}` : ''),
        );
        pending = [];
      }
      await newPauses();
      return { value: await done, tally };
    },
  };
}

const tick = () => new Promise((r) => setTimeout(r, POLL_MS));
