// "Prepare to uninstall" as the admin works it: what the app added (before), the confirmation,
// the removal run's progress, and then whether it is safe to uninstall, or what is left (Retry).
import { useState } from 'react';

import { asResolverError, call, type ResolverError } from '../../../../shared/api';
import { useLoad } from '../../../../shared/useLoad';
import { useRunPolling } from '../../../../shared/useRunPolling';

export type Uninstall = ReturnType<typeof useUninstall>;

export function useUninstall(onPrepared: () => void) {
  const state = useLoad(() => call('getUninstallState', {}));
  const prepared = state.data?.prepared;
  // What the app added, with its rules' names: shown until the admin prepares.
  const added = useLoad(
    async () =>
      !state.data || prepared
        ? undefined
        : Promise.all([
            call('getRemovalImpact', { change: { kind: 'uninstall' } }),
            call('listRules', {}),
          ]).then(([impact, rules]) => ({
            impact,
            ruleNames: new Map(rules.map((r) => [r.id, r.name])),
          })),
    [!!state.data && !prepared],
  );
  const [confirming, setConfirming] = useState(false);
  const [starting, setStarting] = useState(false);
  const [error, setError] = useState<ResolverError>();
  const polling = useRunPolling(state.data?.running ? prepared?.runId : undefined, {
    // The run ended: what is left is judged again.
    onDone: () => void state.reload(),
  });

  /** Prepares (or, after a failure, removes again): the page then follows the run. */
  async function prepare() {
    setStarting(true);
    setError(undefined);
    try {
      await call('prepareUninstall', {});
      setConfirming(false);
    } catch (err) {
      setError(asResolverError(err));
      throw err;
    } finally {
      setStarting(false);
      // Even refused (another run held the site), runs stopped adding: the page shows it.
      onPrepared();
      void state.reload();
    }
  }

  return { state, added, confirming, setConfirming, starting, error, polling, prepare };
}
