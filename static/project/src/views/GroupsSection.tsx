// The synced groups the rules want in this project's customer role, with their state here, and
// the groups in the role that no rule manages (shown, never touched).
import DynamicTable from '@atlaskit/dynamic-table';
import Heading from '@atlaskit/heading';
import Lozenge from '@atlaskit/lozenge';
import { Box, Stack, Text, xcss } from '@atlaskit/primitives';

import type { ProjectGroupState, ProjectStatus } from '../../../shared/contract';
import { formatRelative, listSentence, plural } from '../../../shared/format';
import { Empty } from '../../../shared/states';
import { groupLabel } from '../format';

const STATE: Record<
  ProjectGroupState['state'],
  { label: string; appearance: 'success' | 'moved' | 'default'; text: string }
> = {
  'in-role': {
    label: 'In the role',
    appearance: 'success',
    text: 'Its members are customers of this project.',
  },
  missing: {
    label: 'Missing',
    appearance: 'moved',
    // Hourly runs visit what changed and a slice of the sweep: not every project every hour.
    text:
      'Not in the role yet, so its members cannot use this project’s help center. The next ' +
      'run that checks this project adds it; Enforce now adds it at once.',
  },
  skipped: { label: 'Skipped', appearance: 'default', text: 'The app leaves it alone here.' },
};

const nameCell = xcss({ overflowWrap: 'anywhere', paddingBlock: 'space.050' });

function ruleNames(status: ProjectStatus, ruleIds: string[]): string {
  const names = ruleIds
    .map((id) => status.rules.find((r) => r.id === id)?.name ?? id)
    .map((n) => `“${n}”`);
  return names.length ? `${ruleIds.length === 1 ? 'Rule' : 'Rules'} ${listSentence(names)}.` : '';
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
        ? `The synced group is in the “${roleName}” role. Nothing to do.`
        : `All ${groups.length} synced groups are in the “${roleName}” role. Nothing to do.`;
  else {
    const inRole = groups.length - missing - skipped;
    const head =
      groups.length === 1
        ? `The synced group is ${missing ? 'not in the role yet' : 'skipped here'}.`
        : `${inRole === 0 ? 'None' : `${inRole}`} of the ${groups.length} synced groups ${inRole === 1 ? 'is' : 'are'} in the “${roleName}” role`;
    const tail = [missing ? `${missing} missing` : '', skipped ? `${skipped} skipped` : '']
      .filter(Boolean)
      .join(', ');
    summary = groups.length === 1 ? head : `${head}: ${tail}.`;
  }

  return (
    <Stack space="space.150" testId="groups-section">
      <Heading size="medium" as="h2">
        Synced groups in this project
      </Heading>
      <CheckedAt status={status} />
      {rules.length === 0 ? (
        <Box testId="no-rules">
          <Empty
            header={`No rule covers ${project.key}`}
            description={
              status.excludedRules
                ? `Customer Role Sync does not manage any group in ${project.key}: the project is excluded from the rules that would cover it (see Rules for ${project.key} below), so the app adds nothing here.`
                : `Customer Role Sync does not manage any group in ${project.key}: no rule your Jira admins wrote covers this project, so the app changes nothing here. If people from your identity provider should be customers of this project, ask a Jira admin to add it to a rule.`
            }
          />
        </Box>
      ) : groups.length === 0 ? (
        <Box testId="no-groups">
          <Empty
            header="No group to enforce here"
            description={
              enabledRules.length === 0
                ? `The ${plural(rules.length, 'rule')} covering ${project.key} ${rules.length === 1 ? 'is' : 'are'} turned off, so the app changes nothing here until a Jira admin turns ${rules.length === 1 ? 'it' : 'them'} on.`
                : `The rules covering ${project.key} name no group.`
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
            label={`Synced groups and their state in ${project.key}'s ${roleName} role`}
            isLoading={refreshing}
            head={{
              cells: [
                { key: 'group', content: 'Group', width: 30 },
                { key: 'state', content: 'State', width: 16 },
                { key: 'why', content: 'What this means' },
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
                            Jira did not return this group’s name; it may have been deleted.
                          </Text>
                        ) : null}
                      </Box>
                    ),
                  },
                  {
                    key: 'state',
                    content: (
                      <span data-testid={`group-state-${g.groupId}`} data-state={g.state}>
                        <Lozenge appearance={look.appearance}>{look.label}</Lozenge>
                      </span>
                    ),
                  },
                  {
                    key: 'why',
                    content: (
                      <Box xcss={nameCell}>
                        <Text as="p">
                          {g.state === 'skipped' && g.reason ? g.reason : look.text}
                        </Text>
                        {g.state === 'in-role' && g.addedByApp === false ? (
                          <Text as="p" testId={`group-owner-${g.groupId}`}>
                            In the role, not added by this app: someone else put it there, so the
                            app never removes it.
                          </Text>
                        ) : null}
                        <Text as="p" size="small" color="color.text.subtle">
                          {g.state === 'missing' && g.reason
                            ? g.reason
                            : ruleNames(status, g.ruleIds)}
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
  if (!status.notLive && age === 'just now') return null;
  return (
    <Text as="p" size="small" color="color.text.subtle" testId="checked-at">
      {age === 'just now' ? 'As of the last check, just now.' : `As of the last check, ${age}.`}
      {status.notLive ? ` ${status.notLive.message}` : ''}
    </Text>
  );
}

export function UnmanagedSection({ status }: { status: ProjectStatus }) {
  const { unmanagedGroups, roleName } = status;
  if (unmanagedGroups.length === 0) return null;
  return (
    <Stack space="space.150" testId="unmanaged-section">
      <Heading size="medium" as="h2">
        Other groups in the “{roleName}” role
      </Heading>
      <Text as="p" color="color.text.subtle">
        People added these groups to the role themselves; no rule manages them. Customer Role Sync
        never adds, changes or removes them.
      </Text>
      <DynamicTable
        testId="unmanaged-table"
        label={`Groups in the ${roleName} role that no rule manages`}
        head={{
          cells: [
            { key: 'group', content: 'Group', width: 46 },
            { key: 'managed', content: 'Managed by' },
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
                  <Lozenge appearance="default">Not managed</Lozenge>
                </span>
              ),
            },
          ],
        }))}
      />
    </Stack>
  );
}
