// The Health tab's data: the stored report (getHealth never recomputes), "Check now" (checkHealth
// queues a computation) and polling until the new report is stored. Also the site's URL, since
// the checks link to Jira screens by paths relative to it.
import { view } from '@forge/bridge';
import { useCallback, useEffect, useRef, useState } from 'react';

import { type AdminResults, asResolverError, call, type ResolverError } from '../../shared/api';
import { useLoad } from '../../shared/useLoad';

export type HealthData = AdminResults['getHealth'];

const POLL_MS = 1500;
/** Past this the page stops waiting and says the check is still running. */
const WAIT_MS = 5 * 60 * 1000;

export function useHealth() {
  const health = useLoad(() => call('getHealth', {}));
  const [requestError, setRequestError] = useState<ResolverError>();
  const [waitedOut, setWaitedOut] = useState(false);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const { setData } = health;
  const checking = health.data?.checking;

  // While a check is on its way, read the stored report until it has been replaced.
  useEffect(() => {
    if (!checking) return;
    const started = Date.now();
    let stopped = false;
    const tick = async () => {
      try {
        const next = await call('getHealth', {});
        if (stopped) return;
        setData(next);
        if (!next.checking) return;
      } catch {
        // A failed poll is retried at the next tick; the last report stays on screen.
      }
      if (Date.now() - started > WAIT_MS) return setWaitedOut(true);
      timer.current = setTimeout(() => void tick(), POLL_MS);
    };
    timer.current = setTimeout(() => void tick(), POLL_MS);
    return () => {
      stopped = true;
      clearTimeout(timer.current);
    };
  }, [checking, setData]);

  const checkNow = useCallback(async () => {
    setRequestError(undefined);
    setWaitedOut(false);
    try {
      const { requestedAt } = await call('checkHealth', {});
      setData({ ...(health.data ?? { checks: [] }), checking: { requestedAt } });
    } catch (err) {
      setRequestError(asResolverError(err));
    }
  }, [health.data, setData]);

  return { health, checkNow, requestError, waitedOut };
}

/** The Jira site's base URL from the page's Forge context ('' until known). */
export function useSiteUrl(): string {
  const [siteUrl, setSiteUrl] = useState('');
  useEffect(() => {
    view.getContext().then(
      (c) => setSiteUrl(String((c as { siteUrl?: string }).siteUrl ?? '').replace(/\/$/, '')),
      () => undefined,
    );
  }, []);
  return siteUrl;
}
