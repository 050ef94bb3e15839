// The rule editor's field values: what the admin typed or picked, the rule input they make, and
// the scope the live preview lists (only for a scope that is valid as typed).
import { useMemo, useState } from 'react';
import { z } from 'zod';

import {
  DEFAULT_ROLE_NAME,
  ProjectKeySchema,
  type ProjectScope,
  ProjectScopeSchema,
  type RuleInput,
  type RuleView,
  type SyncedGroupView,
} from '../../../../shared/contract';
import { splitList } from '../../rules';
import { groupNameOf, type NamesRead } from '../GroupName';
import type { OrgValue } from '../OrganizationField';
import type { FoundProject, GroupOption } from './rule-form';

const ExcludeSchema = z.array(ProjectKeySchema).max(5000);

export type RuleFields = ReturnType<typeof useRuleFields>;

export function useRuleFields(
  rule: RuleView | undefined,
  knownGroups: Map<string, SyncedGroupView>,
  groupNamesRead: NamesRead = 'read',
) {
  const [name, setName] = useState(rule?.name ?? '');
  const [groups, setGroups] = useState<GroupOption[]>(
    (rule?.groupIds ?? []).map((id) => {
      const g = knownGroups.get(id);
      return {
        value: id,
        label: groupNameOf(id, knownGroups, groupNamesRead),
        synced: g?.synced,
        warning: g?.warning,
      };
    }),
  );
  const [knownProjects, setKnownProjects] = useState(new Map<string, FoundProject>());
  const rememberProjects = (found: FoundProject[]) =>
    setKnownProjects((m) => new Map([...m, ...found.map((p) => [p.key, p] as const)]));
  const [scopeType, setScopeType] = useState<ProjectScope['type']>(rule?.scope.type ?? 'all');
  const [keysText, setKeysText] = useState(
    rule?.scope.type === 'keys' ? rule.scope.keys.join(', ') : '',
  );
  const [categoryIds, setCategoryIds] = useState<string[]>(
    rule?.scope.type === 'categories' ? rule.scope.categoryIds : [],
  );
  const [pattern, setPattern] = useState(rule?.scope.type === 'pattern' ? rule.scope.pattern : '');
  const [excludeText, setExcludeText] = useState((rule?.exclude ?? []).join(', '));
  // The app makes customers only: the role is not a choice. A rule stored with another role
  // (before the guard rails) is moved to the customer role when it is saved.
  const oldRole =
    rule && rule.roleName.toLowerCase() !== DEFAULT_ROLE_NAME.toLowerCase()
      ? rule.roleName
      : undefined;
  const roleName = DEFAULT_ROLE_NAME;
  const [allowUnsynced, setAllowUnsynced] = useState(rule?.allowUnsyncedGroups ?? false);
  const [org, setOrg] = useState<OrgValue>({
    target: rule?.target ?? 'role',
    organization: rule?.organization,
  });
  const [enabled, setEnabled] = useState(rule?.enabled ?? true);
  const [projectExcluded, setProjectExcluded] = useState(rule?.projectExclusions ?? []);

  const scopeInput = useMemo((): unknown => {
    switch (scopeType) {
      case 'all':
        return { type: 'all' };
      case 'keys':
        return { type: 'keys', keys: splitList(keysText) };
      case 'categories':
        return { type: 'categories', categoryIds };
      case 'pattern':
        return { type: 'pattern', pattern };
    }
  }, [scopeType, keysText, categoryIds, pattern]);

  const input = {
    ...(rule ? { id: rule.id, version: rule.version } : {}),
    name,
    groupIds: groups.map((g) => g.value),
    scope: scopeInput,
    exclude: splitList(excludeText),
    roleName,
    enabled,
    allowUnsyncedGroups: allowUnsynced,
    target: org.target,
    ...(org.organization ? { organization: org.organization } : {}),
  } as RuleInput;

  // The live scope list: only for a scope that is valid as typed.
  const previewArgs = useMemo(() => {
    const scope = ProjectScopeSchema.safeParse(scopeInput);
    const exclude = ExcludeSchema.safeParse([
      ...new Set([...splitList(excludeText), ...projectExcluded.map((e) => e.projectKey)]),
    ]);
    return scope.success && exclude.success
      ? { scope: scope.data, exclude: exclude.data }
      : undefined;
  }, [scopeInput, excludeText, projectExcluded]);

  const scopeKeys = scopeType === 'keys' ? splitList(keysText) : [];

  return {
    name,
    setName,
    groups,
    setGroups,
    knownProjects,
    rememberProjects,
    scopeType,
    setScopeType,
    scopeKeys,
    setKeysText,
    categoryIds,
    setCategoryIds,
    pattern,
    setPattern,
    excludeText,
    setExcludeText,
    oldRole,
    allowUnsynced,
    setAllowUnsynced,
    org,
    setOrg,
    enabled,
    setEnabled,
    projectExcluded,
    setProjectExcluded,
    scopeInput,
    input,
    previewArgs,
  };
}
