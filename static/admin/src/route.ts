// Where the admin page is, as a path Jira keeps in its address (view.createHistory): the tab,
// and on Preview the rule previewed, on Runs the run opened. A reload opens the same place, and a
// run can be linked. Pure, but for useRoute at the end.
import { view } from '@forge/bridge';
import { useCallback, useEffect, useRef, useState } from 'react';

import { type TabName, TABS } from './tabs';

export interface Route {
  tab: TabName;
  /** Preview: the rule previewed (else every enabled rule). */
  ruleId?: string;
  /** Runs: the run opened (else the list). */
  runId?: string;
}

const slug = (tab: TabName) => tab.toLowerCase();

/** The place a path names; an unknown path is the first tab (Rules). */
export function routeOf(pathname: string): Route {
  const [first = '', second] = pathname.split('/').filter(Boolean).map(decodeURIComponent);
  const tab = TABS.find((t) => slug(t) === first.toLowerCase()) ?? TABS[0];
  if (tab === 'Preview' && second) return { tab, ruleId: second };
  if (tab === 'Runs' && second) return { tab, runId: second };
  return { tab };
}

export function pathOf(route: Route): string {
  if (route.tab === 'Rules') return '/';
  const sub =
    route.tab === 'Preview' ? route.ruleId : route.tab === 'Runs' ? route.runId : undefined;
  return `/${slug(route.tab)}${sub ? `/${encodeURIComponent(sub)}` : ''}`;
}

type AppHistory = Awaited<ReturnType<typeof view.createHistory>>;

/**
 * The page's place, kept in Jira's address: `go` records a new place (Back returns from it);
 * Back and Forward, and the address the page was opened with, set it. Where the product gives
 * no history, the place is kept in the page only.
 */
export function useRoute(): [Route, (route: Route) => void] {
  const [route, setRoute] = useState<Route>({ tab: TABS[0] });
  const history = useRef<AppHistory | undefined>(undefined);
  useEffect(() => {
    let stop: (() => void) | undefined;
    let gone = false;
    view
      .createHistory()
      .then((h) => {
        if (gone) return;
        history.current = h;
        setRoute(routeOf(h.location.pathname));
        stop = h.listen((location: { pathname: string }) => setRoute(routeOf(location.pathname)));
      })
      .catch(() => undefined);
    return () => {
      gone = true;
      stop?.();
    };
  }, []);
  const go = useCallback((next: Route) => {
    setRoute(next);
    const h = history.current;
    const path = pathOf(next);
    if (h && h.location.pathname !== path) h.push(path);
  }, []);
  return [route, go];
}
