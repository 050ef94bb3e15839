// The projects whose admins excluded them from a rule (kept apart from the rule's own list), each
// with "Include again" for a Jira admin who disagrees. Takes effect at once, not on "Save rule".
import Button from '@atlaskit/button/new';
import { ErrorMessage } from '@atlaskit/form';
import { Box, Inline, Stack, Text } from '@atlaskit/primitives';
import { useState } from 'react';

import { call } from '../../../shared/api';
import type { ProjectExclusion } from '../../../shared/contract';
import { formatShortDate } from '../../../shared/format';
import { t } from '../../../shared/i18n';

export function ProjectExclusionsField({
  ruleId,
  exclusions,
  onIncluded,
}: {
  ruleId: string;
  exclusions: ProjectExclusion[];
  onIncluded: (projectKey: string) => void;
}) {
  const [busy, setBusy] = useState<string>();
  const [error, setError] = useState<string>();

  async function includeAgain(projectKey: string) {
    setBusy(projectKey);
    setError(undefined);
    try {
      await call('removeExclusion', { ruleId, projectKey });
      onIncluded(projectKey);
    } catch (err) {
      setError((err as Error).message);
    } finally {
      setBusy(undefined);
    }
  }

  return (
    <Box paddingBlockStart="space.150" testId="project-exclusions">
      <Text as="p" weight="medium" size="small" id="project-exclusions-title">
        {t('rules.exclusions.title')}
      </Text>
      <Stack space="space.075" role="list" aria-labelledby="project-exclusions-title">
        {exclusions.map((e) => (
          <Inline
            key={e.projectKey}
            role="listitem"
            space="space.100"
            alignBlock="center"
            shouldWrap
          >
            <Text weight="medium">{e.projectKey}</Text>
            <Text color="color.text.subtle">
              {e.reason
                ? t('rules.exclusions.sinceWithReason', {
                    when: formatShortDate(e.requestedAt),
                    reason: e.reason,
                  })
                : t('rules.exclusions.since', { when: formatShortDate(e.requestedAt) })}
            </Text>
            <Button
              spacing="compact"
              appearance="subtle"
              isLoading={busy === e.projectKey}
              onClick={() => void includeAgain(e.projectKey)}
              testId={`include-again-${e.projectKey}`}
              aria-label={t('rules.exclusions.includeLabel', { project: e.projectKey })}
            >
              {t('rules.exclusions.include')}
            </Button>
          </Inline>
        ))}
      </Stack>
      {error ? <ErrorMessage>{error}</ErrorMessage> : null}
    </Box>
  );
}
