// The rules list's data and its one in-place edit: the rules, the names of the groups and
// categories they name, and switching a rule on or off (a stale list or a refusal says why).
import { useMemo, useState } from 'react';

import { asResolverError, call } from '../../../../shared/api';
import type { Rule, RuleView, SyncedGroupView } from '../../../../shared/contract';
import { t } from '../../../../shared/i18n';
import { useLoad } from '../../../../shared/useLoad';
import { useProjectCategories } from '../../components/CategoryScopeField';
import type { NamesRead } from '../../components/GroupName';
import { isConflict, isRefused, refusalText, toInput } from '../../rules';

export interface Notice {
  appearance: 'error';
  text: string;
}

export function useRuleList(flag: (title: string, description?: string) => void) {
  const rules = useLoad(() => call('listRules', {}));
  // Names for the groups the rules name (rules keep ids only: names change in the identity provider).
  const groups = useLoad(() => call('listSyncedGroups', {}));
  // Names for the categories the rules name, read only when a rule has a category scope.
  const hasCategoryScope = (rules.data ?? []).some((r) => r.scope.type === 'categories');
  const categories = useProjectCategories(hasCategoryScope);
  const [busy, setBusy] = useState<string | null>(null);
  const [notice, setNotice] = useState<Notice | null>(null);

  // A failed read is said as such, never as groups that do not exist.
  const groupNamesRead: NamesRead = groups.error ? 'unread' : groups.data ? 'read' : 'loading';
  const groupById = useMemo(() => {
    const map = new Map<string, SyncedGroupView>();
    for (const g of groups.data ?? []) map.set(g.groupId, g);
    return map;
  }, [groups.data]);

  const categoryName = (id: string) => {
    // Ids until the names arrive (and when they cannot be read); a name once they have.
    if (!categories.data || (categories.loading && categories.data.length === 0)) return id;
    return (
      categories.data.find((c) => c.id === id)?.name ?? t('rules.list.unknownCategory', { id })
    );
  };

  /** Puts a saved rule in the list, keeping the project exclusions it shows (stored apart). */
  function listWith(saved: Rule): RuleView[] {
    const list = rules.data ?? [];
    const view = (r?: RuleView) => ({ ...saved, projectExclusions: r?.projectExclusions ?? [] });
    return list.some((r) => r.id === saved.id)
      ? list.map((r) => (r.id === saved.id ? view(r) : r))
      : [...list, view()];
  }

  async function setEnabled(rule: RuleView, enabled: boolean) {
    setBusy(rule.id);
    setNotice(null);
    try {
      const saved = await call('saveRule', { rule: { ...toInput(rule), enabled } });
      if (isConflict(saved)) {
        // The list was older than the rule: show the rule as it is now, and say so.
        await rules.reload();
        setNotice({
          appearance: 'error',
          text: enabled
            ? t('rules.list.staleNotEnabled', { rule: rule.name })
            : t('rules.list.staleNotDisabled', { rule: rule.name }),
        });
        return;
      }
      if (isRefused(saved)) {
        const why = saved.refused.flatMap((r) => r.refusals.map(refusalText)).join(' ');
        setNotice({
          appearance: 'error',
          text: t('rules.list.notEnabled', { rule: rule.name, why }),
        });
        return;
      }
      rules.setData(listWith(saved));
      flag(
        saved.enabled
          ? t('rules.list.enabled', { rule: saved.name })
          : t('rules.list.disabled', { rule: saved.name }),
        t('rules.list.nextRunApplies'),
      );
    } catch (err) {
      setNotice({ appearance: 'error', text: asResolverError(err).message });
    } finally {
      setBusy(null);
    }
  }

  return {
    rules,
    groups,
    categories,
    hasCategoryScope,
    groupById,
    groupNamesRead,
    categoryName,
    listWith,
    busy,
    notice,
    setNotice,
    setEnabled,
  };
}
