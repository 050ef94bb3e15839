// Polls a run (getRun) about once a second until it is no longer queued or running.
import { useEffect, useRef, useState } from 'react';

import { asResolverError, call, type ResolverError } from './api';
import type { Run } from './contract';
import { isRunActive } from './RunStatusLozenge';

/** What polling reads of a run: the admin page's whole run, the project page's own view. */
export type PolledRun = Pick<Run, 'status' | 'progress'>;

export interface RunPolling<R extends PolledRun = Run> {
  run?: R;
  error?: ResolverError;
  /** true while the run is queued or running (or its first read is pending). */
  active: boolean;
  /** 0..1 */
  fraction: number;
}

/** Codes of a failed read worth polling again (a passing fault); others stop the polling. */
const RETRIED = new Set<ResolverError['code']>(['internal', 'jira', 'unavailable']);

export function runFraction(run: PolledRun | undefined): number {
  if (!run) return 0;
  if (!isRunActive(run)) return 1;
  const { done, total } = run.progress;
  return total > 0 ? Math.min(1, done / total) : 0;
}

/** `fetchRun` defaults to the admin resolver's getRun; the project page passes its own. */
export function useRunPolling<R extends PolledRun = Run>(
  runId: string | undefined,
  opts: {
    intervalMs?: number;
    fetchRun?: (runId: string) => Promise<R>;
    onDone?: (run: R) => void;
  } = {},
): RunPolling<R> {
  const { intervalMs = 1000 } = opts;
  const [run, setRun] = useState<R>();
  const [error, setError] = useState<ResolverError>();
  const onDone = useRef(opts.onDone);
  onDone.current = opts.onDone;
  const fetchRun = useRef(
    opts.fetchRun ??
      ((id: string) => call('getRun', { runId: id }) as Promise<unknown> as Promise<R>),
  );
  fetchRun.current = opts.fetchRun ?? fetchRun.current;

  useEffect(() => {
    setRun(undefined);
    setError(undefined);
    if (!runId) return;
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let failures = 0;
    const tick = async () => {
      try {
        const next = await fetchRun.current(runId);
        if (stopped) return;
        failures = 0;
        setRun(next);
        setError(undefined);
        if (!isRunActive(next)) {
          onDone.current?.(next);
          return;
        }
      } catch (err) {
        if (stopped) return;
        failures += 1;
        const error = asResolverError(err);
        setError(error);
        // Asking again cannot help a run that is gone or may not be read.
        if (failures >= 5 || !RETRIED.has(error.code)) return;
      }
      timer = setTimeout(() => void tick(), intervalMs);
    };
    void tick();
    return () => {
      stopped = true;
      if (timer) clearTimeout(timer);
    };
  }, [runId, intervalMs]);

  return {
    run,
    error,
    active: !!runId && (!run || isRunActive(run)) && !(error && !run),
    fraction: runFraction(run),
  };
}
