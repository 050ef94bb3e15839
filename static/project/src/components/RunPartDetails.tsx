// A run's part in this project, in detail: the changes that failed (named, with what to do),
// then the changes made. Shared by the Runs section and Enforce now's outcome.
import { Box, Stack, Text, xcss } from '@atlaskit/primitives';
import SectionMessage from '@atlaskit/section-message';

import type { ProjectStatus, ProjectVisit } from '../../../shared/contract';
import { t } from '../../../shared/i18n';
import { readableMessage } from '../format';
import { changeSentence, failureSentence, whatToDo } from '../run-words';

const list = xcss({ margin: 'space.0', paddingInlineStart: 'space.300' });

export function RunFailures({ part, status }: { part: ProjectVisit; status: ProjectStatus }) {
  const failed = part.actions.filter((a) => !a.ok);
  if (part.counts.errors === 0 && failed.length === 0) return null;
  const label = t('project.app.projectNamed', {
    name: status.project.name,
    key: status.project.key,
  });
  const n = Math.max(part.counts.errors, failed.length);
  return (
    <Box testId="run-failures">
      <SectionMessage
        appearance="error"
        title={t('project.runProgress.changesFailed', { count: n, key: status.project.key })}
      >
        <Stack space="space.100">
          <Box as="ul" xcss={list}>
            {failed.map((a, i) => (
              <li key={`${a.kind}-${a.groupId ?? a.organizationId ?? i}`}>
                <Text>{readableMessage(failureSentence(a, label, status.roleName))}</Text>
              </li>
            ))}
          </Box>
          <Text as="p">{whatToDo(status.sweepHours)}</Text>
        </Stack>
      </SectionMessage>
    </Box>
  );
}

export function RunChanges({ part, roleName }: { part: ProjectVisit; roleName: string }) {
  const made = part.actions.filter((a) => a.ok && a.kind !== 'project');
  if (made.length === 0) return null;
  return (
    <Box as="ul" xcss={list} testId="run-changes">
      {made.map((a, i) => (
        <li key={`${a.kind}-${a.groupId ?? a.organizationId ?? i}`}>
          <Text>{changeSentence(a, roleName)}</Text>
        </li>
      ))}
    </Box>
  );
}
