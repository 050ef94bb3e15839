// A run's organization sync: per organization, the members it adds or removes (or, in a preview,
// would), members kept by the removal setting, members people added by hand, and an organization
// the run creates. An hourly run that found nothing changed says so, and since when; one that
// synced says why. Nothing shown when no rule keeps an organization.
import Heading from '@atlaskit/heading';
import Lozenge from '@atlaskit/lozenge';
import { Box, Inline, Stack, Text } from '@atlaskit/primitives';

import { call } from '../../../shared/api';
import { t } from '../../../shared/i18n';
import { ErrorMessageBox } from '../../../shared/states';
import { surfaceCard } from '../../../shared/styles';
import { useLoad } from '../../../shared/useLoad';
import { orgPlanSentence } from '../org-words';

export function OrgPlanList({ runId, applied }: { runId: string; applied: boolean }) {
  const orgs = useLoad(() => call('getRunOrganizations', { runId }), [runId]);
  if (orgs.error)
    return (
      <ErrorMessageBox title={t('runs.org.loadError')} error={orgs.error} onRetry={orgs.reload} />
    );
  if (!orgs.data?.plans.length) return null;
  return (
    <Stack space="space.100" testId="org-plans">
      <Heading size="xsmall" as="h3">
        {t('runs.org.title')}
      </Heading>
      {orgs.data.plans.map((p) => (
        <Box
          key={p.organizationId ?? p.organizationName}
          xcss={surfaceCard}
          testId={`org-plan-${p.organizationName}`}
        >
          <Inline space="space.100" alignBlock="center" shouldWrap>
            <Text weight="bold">{p.organizationName}</Text>
            {p.create ? (
              <Lozenge appearance="new">
                {applied ? t('runs.org.created') : t('runs.org.willCreate')}
              </Lozenge>
            ) : null}
            {p.error ? <Lozenge appearance="removed">{t('runs.org.failed')}</Lozenge> : null}
            <Text size="small" color="color.text.subtle">
              {orgPlanSentence(p, applied)}
            </Text>
          </Inline>
          {p.error ? <Text size="small">{p.error}</Text> : null}
        </Box>
      ))}
    </Stack>
  );
}
