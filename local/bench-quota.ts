// `npm run bench -- --quota N`: hours that pass while the bench waits for a run. A run that has
// spent Jira's quota (or its budget, a share of it) pauses until the top of the next UTC hour and
// resumes by itself through chained queue delays. The bench cannot wait real hours, so it makes
// them pass: the host runs queue delays 1,000 times faster (queueTimeScale, as the quota
// integration test does), and once the run has said it paused (`run.paused` in the app's logs)
// and none of its work is running or ready (all of it delayed), the hour is over: the emulator's
// quota window is moved on, and the app's record of what its runs spent this hour is dropped
// (the app counts its budget per UTC hour of the wall clock, which the bench cannot move).
// Each hour made to pass counts one pause. No sleeps but the poll.
import type { KvsStore } from './forge-host/kvs-store';

/** Queue delays in the bench's host when a quota is on: a 900 s delay takes 0.9 s. */
export const QUOTA_TIME_SCALE = 0.001;
const POLL_MS = 100;
const SPEND_PREFIX = 'quotaspend:';

export interface PauseTally {
  /** Hours made to pass for a paused run (each moved the quota window on once). */
  pauses: number;
  /** The causes the app named for them ('quota': Jira refused; 'budget': the run's share). */
  byCause: Record<string, number>;
}

export interface PauseWatcher {
  /** An hour passes: the quota window moves on and the app's spend of the hour is dropped. */
  passHour(): Promise<void>;
  /** Makes hours pass whenever the run paused, until `work` settles; what it saw meanwhile. */
  during<T>(work: Promise<T>): Promise<{ value: T; tally: PauseTally }>;
}

interface LogPage {
  lines: { seq: number; text: string }[];
  next: number;
}
interface Health {
  queue: { ready: number; running: number; delayed: number };
}

export function pauseWatcher(o: {
  hostUrl: string;
  kvs: KvsStore;
  moveWindow: () => Promise<unknown>;
  log: (line: string) => void;
}): PauseWatcher {
  let since = 0;
  const get = async <T>(p: string): Promise<T> => {
    const res = await fetch(o.hostUrl + p);
    if (!res.ok) throw new Error(`host GET ${p}: ${res.status} ${await res.text()}`);
    return (await res.json()) as T;
  };
  /** Causes of the pauses the app logged since the last call. */
  const newPauses = async (): Promise<string[]> => {
    const causes: string[] = [];
    for (;;) {
      const page = await get<LogPage>(`/api/logs?since=${since}&limit=1000`);
      for (const l of page.lines) {
        if (!l.text.includes('"run.paused"')) continue;
        const cause = (JSON.parse(l.text) as { cause?: string }).cause ?? 'unknown';
        causes.push(cause);
      }
      if (page.lines.length === 0 || page.next === since) return causes;
      since = page.next;
    }
  };
  const dropSpend = () => {
    for (;;) {
      const q = o.kvs.handle(
        '/api/v1/query',
        JSON.stringify({
          limit: 20,
          where: [{ property: 'key', condition: 'BEGINS_WITH', values: [SPEND_PREFIX] }],
        }),
      );
      const keys = ((q.body as { data?: { key: string }[] }).data ?? []).map((d) => d.key);
      if (keys.length === 0) return;
      for (const key of keys) o.kvs.handle('/api/v1/delete', JSON.stringify({ key }));
    }
  };
  const passHour = async () => {
    await o.moveWindow();
    dropSpend();
  };
  return {
    passHour,
    async during(work) {
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
        if (pending.length === 0) continue;
        const { queue } = await get<Health>('/api/health');
        if (queue.running > 0 || queue.ready > 0 || queue.delayed === 0) continue;
        // The whole run waits for the reset: the hour passes.
        await passHour();
        tally.pauses++;
        const cause = pending.includes('quota') ? 'quota' : pending[0];
        tally.byCause[cause] = (tally.byCause[cause] ?? 0) + 1;
        o.log(
          `quota: run paused (${[...new Set(pending)].join(', ')}); hour ${tally.pauses} passes`,
        );
        pending = [];
      }
      // Lines of the last pause logged before the run finished are not a pause to make pass.
      await newPauses();
      return { value: await done, tally };
    },
  };
}

const tick = () => new Promise((r) => setTimeout(r, POLL_MS));
