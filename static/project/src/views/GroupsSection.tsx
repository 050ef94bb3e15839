// The synced groups the rules want in this project's customer role, with their state here, and
// the groups in the role that no rule manages (shown, never touched).
import DynamicTable from '@atlaskit/dynamic-table';
import Heading from '@atlaskit/heading';
import Lozenge from '@atlaskit/lozenge';
import { Box, Stack, Text, xcss } from '@atlaskit/primitives';

import type { ProjectGroupState, ProjectStatus } from '../../../shared/contract';
import { errorSentence } from '../../../shared/error-words';
import { formatRelative, listSentence } from '../../../shared/format';
import { type MessageKey, t } from '../../../shared/i18n';
import { Empty } from '../../../shared/states';
import { groupLabel, groupStateReason } from '../format';

const STATE: Record<
  ProjectGroupState['state'],
  { label: MessageKey; appearance: 'success' | 'moved' | 'default'; text: MessageKey }
> = {
  'in-role': {
    label: 'project.groups.state.inRole',
    appearance: 'success',
    text: 'project.groups.state.inRoleText',
  },
  missing: {
    label: 'project.groups.state.missing',
    appearance: 'moved',
    // Hourly runs visit what changed and a slice of the sweep: not every project every hour.
    text: 'project.groups.state.missingText',
  },
  skipped: {
    label: 'project.groups.state.skipped',
    appearance: 'default',
    text: 'project.groups.state.skippedText',
  },
};

const nameCell = xcss({ overflowWrap: 'anywhere', paddingBlock: 'space.050' });

function ruleNames(status: ProjectStatus, ruleIds: string[]): string {
  const names = ruleIds
    .map((id) => status.rules.find((r) => r.id === id)?.name ?? id)
    .map((name) => t('project.groups.quoted', { name }));
  return names.length
    ? t('project.groups.ruleNames', { count: names.length, rules: listSentence(names) })
    : '';
}

export function GroupsSection({
  status,
  refreshing,
}: {
  status: ProjectStatus;
  refreshing: boolean;
}) {
  const { groups, rules, project, roleName } = status;
  const enabledRules = rules.filter((r) => r.enabled);
  const missing = groups.filter((g) => g.state === 'missing').length;
  const skipped = groups.filter((g) => g.state === 'skipped').length;

  let summary: string;
  if (rules.length === 0) summary = '';
  else if (groups.length === 0) summary = '';
  else if (missing === 0 && skipped === 0)
    summary =
      groups.length === 1
        ? t('project.groups.summary.oneInRole', { role: roleName })
        : t('project.groups.summary.allInRole', { count: groups.length, role: roleName });
  else if (groups.length === 1)
    summary = missing
      ? t('project.groups.summary.oneMissing')
      : t('project.groups.summary.oneSkipped');
  else {
    const inRole = groups.length - missing - skipped;
    const tail = [
      missing ? t('project.groups.summary.missing', { count: missing }) : '',
      skipped ? t('project.groups.summary.skipped', { count: skipped }) : '',
    ].filter(Boolean);
    const values = {
      count: inRole,
      total: groups.length,
      role: roleName,
      tail: tail.join(t('shared.runCounts.separator')),
    };
    summary =
      inRole === 0
        ? t('project.groups.summary.noneInRole', values)
        : t('project.groups.summary.someInRole', values);
  }

  return (
    <Stack space="space.150" testId="groups-section">
      <Heading size="medium" as="h2">
        {t('project.groups.heading')}
      </Heading>
      <CheckedAt status={status} />
      {rules.length === 0 ? (
        <Box testId="no-rules">
          <Empty
            header={t('project.groups.noRule', { key: project.key })}
            description={
              status.excludedRules
                ? t('project.groups.noRuleExcluded', { key: project.key })
                : t('project.groups.noRuleText', { key: project.key })
            }
          />
        </Box>
      ) : groups.length === 0 ? (
        <Box testId="no-groups">
          <Empty
            header={t('project.groups.noGroup')}
            description={
              enabledRules.length === 0
                ? t('project.groups.rulesOff', { count: rules.length, key: project.key })
                : t('project.groups.rulesNameNoGroup', { key: project.key })
            }
          />
        </Box>
      ) : (
        <>
          {summary ? (
            <Text as="p" testId="groups-summary">
              {summary}
            </Text>
          ) : null}
          <DynamicTable
            testId="groups-table"
            label={t('project.groups.tableLabel', { key: project.key, role: roleName })}
            isLoading={refreshing}
            head={{
              cells: [
                { key: 'group', content: t('project.groups.head.group'), width: 30 },
                { key: 'state', content: t('project.groups.head.state'), width: 16 },
                { key: 'why', content: t('project.groups.head.why') },
              ],
            }}
            rows={groups.map((g) => {
              const look = STATE[g.state];
              return {
                key: g.groupId,
                testId: `group-${g.groupId}`,
                cells: [
                  {
                    key: 'group',
                    content: (
                      <Box xcss={nameCell}>
                        <Text weight="medium">{groupLabel(g)}</Text>
                        {!g.groupName ? (
                          <Text as="p" size="small" color="color.text.subtle">
                            {t('project.groups.noName')}
                          </Text>
                        ) : null}
                      </Box>
                    ),
                  },
                  {
                    key: 'state',
                    content: (
                      <span data-testid={`group-state-${g.groupId}`} data-state={g.state}>
                        <Lozenge appearance={look.appearance}>{t(look.label)}</Lozenge>
                      </span>
                    ),
                  },
                  {
                    key: 'why',
                    content: (
                      <Box xcss={nameCell}>
                        <Text as="p">
                          {(g.state === 'skipped' && groupStateReason(g, status)) || t(look.text)}
                        </Text>
                        {g.state === 'in-role' && g.addedByApp === false ? (
                          <Text as="p" testId={`group-owner-${g.groupId}`}>
                            {t('project.groups.notAddedByApp')}
                          </Text>
                        ) : null}
                        <Text as="p" size="small" color="color.text.subtle">
                          {(g.state === 'missing' && groupStateReason(g, status)) ||
                            ruleNames(status, g.ruleIds)}
                        </Text>
                      </Box>
                    ),
                  },
                ],
              };
            })}
          />
        </>
      )}
    </Stack>
  );
}

/**
 * How old the reading of Jira is: the page reads Jira at most once a minute per project, and
 * shows the last reading when a new one is refused (the hour's share of the quota is spent).
 */
function CheckedAt({ status }: { status: ProjectStatus }) {
  const age = formatRelative(status.checkedAt);
  const justNow = age === t('time.justNow');
  if (!status.notLive && justNow) return null;
  return (
    <Text as="p" size="small" color="color.text.subtle" testId="checked-at">
      {justNow ? t('project.groups.asOfJustNow') : t('project.groups.asOf', { age })}
      {status.notLive ? ` ${errorSentence(status.notLive.message, status.notLive.words)}` : ''}
    </Text>
  );
}

export function UnmanagedSection({ status }: { status: ProjectStatus }) {
  const { unmanagedGroups, roleName } = status;
  if (unmanagedGroups.length === 0) return null;
  return (
    <Stack space="space.150" testId="unmanaged-section">
      <Heading size="medium" as="h2">
        {t('project.unmanaged.heading', { role: roleName })}
      </Heading>
      <Text as="p" color="color.text.subtle">
        {t('project.unmanaged.text')}
      </Text>
      <DynamicTable
        testId="unmanaged-table"
        label={t('project.unmanaged.tableLabel', { role: roleName })}
        head={{
          cells: [
            { key: 'group', content: t('project.groups.head.group'), width: 46 },
            { key: 'managed', content: t('project.unmanaged.head.managed') },
          ],
        }}
        rows={unmanagedGroups.map((g) => ({
          key: g.groupId,
          cells: [
            {
              key: 'group',
              content: (
                <Box xcss={nameCell}>
                  <Text>{groupLabel(g)}</Text>
                </Box>
              ),
            },
            {
              key: 'managed',
              content: (
                <span style={{ whiteSpace: 'nowrap' }}>
                  <Lozenge appearance="default">{t('project.unmanaged.notManaged')}</Lozenge>
                </span>
              ),
            },
          ],
        }))}
      />
    </Stack>
  );
}
