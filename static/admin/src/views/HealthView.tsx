// Health: the customer recipe's preconditions read from Jira, as a numbered checklist with what
// to do. The page shows the stored report; "Check now" asks for a new one.
import Button from '@atlaskit/button/new';
import Heading from '@atlaskit/heading';
import { Box, Inline, Stack, Text, xcss } from '@atlaskit/primitives';
import SectionMessage from '@atlaskit/section-message';
import Spinner from '@atlaskit/spinner';

import { HEALTH_REFRESH_HOURS } from '../../../shared/contract';
import { formatDateTime } from '../../../shared/format';
import { t } from '../../../shared/i18n';
import { Empty, ErrorMessageBox, Loading } from '../../../shared/states';
import { HealthCheckItem } from '../components/HealthCheckItem';
import { type HealthData, useHealth, useSiteUrl } from '../health';

function Summary({ data }: { data: HealthData }) {
  const n = (s: string) => data.checks.filter((c) => c.status === s).length;
  const [failing, warning, unknown] = [n('fail'), n('warn'), n('unknown')];
  const values = {
    when: formatDateTime(data.checkedAt),
    calls: t('health.summary.calls', { count: data.calls ?? 0 }),
    count: unknown,
  };
  const scheduled = data.trigger === 'scheduled';
  return (
    <SectionMessage
      appearance={failing ? 'error' : warning || unknown ? 'warning' : 'success'}
      title={
        failing
          ? t('health.summary.failed', { count: failing })
          : warning || unknown
            ? t('health.summary.attention', { count: warning + unknown })
            : t('health.summary.allPass')
      }
    >
      <Text as="p">
        {unknown
          ? scheduled
            ? t('health.summary.checkedHourlyUnknown', values)
            : t('health.summary.checkedOnRequestUnknown', values)
          : scheduled
            ? t('health.summary.checkedHourly', values)
            : t('health.summary.checkedOnRequest', values)}
      </Text>
    </SectionMessage>
  );
}

export default function HealthView() {
  const { health, checkNow, requestError, waitedOut } = useHealth();
  const siteUrl = useSiteUrl();
  const data = health.data;
  const checking = data?.checking;
  const checks = [...(data?.checks ?? [])].sort((a, b) => a.number - b.number);

  return (
    <Stack space="space.200">
      <Inline spread="space-between" alignBlock="center" shouldWrap space="space.100">
        <Heading size="medium" as="h2">
          {t('health.view.title')}
        </Heading>
        <Button
          appearance="primary"
          onClick={() => void checkNow()}
          isLoading={!!checking && !waitedOut}
          isDisabled={health.loading && !data}
        >
          {t('health.view.checkNow')}
        </Button>
      </Inline>
      <Text as="p" color="color.text.subtle">
        {t('health.view.intro', { count: HEALTH_REFRESH_HOURS })}
      </Text>
      {requestError ? (
        <ErrorMessageBox
          title={t('health.view.notStarted')}
          error={requestError}
          onRetry={() => void checkNow()}
        />
      ) : null}
      {checking ? (
        <Box xcss={checkingBox} role="status" aria-live="polite">
          <Inline space="space.100" alignBlock="center">
            {waitedOut ? null : <Spinner size="small" label={t('health.view.checking')} />}
            <Text>
              {waitedOut
                ? t('health.view.stillChecking', { when: formatDateTime(checking.requestedAt) })
                : t('health.view.checkingAsked', { when: formatDateTime(checking.requestedAt) })}
            </Text>
          </Inline>
        </Box>
      ) : null}
      {health.loading && !data ? (
        <Loading label={t('health.view.loading')} />
      ) : health.error && !data ? (
        <ErrorMessageBox
          title={t('health.view.loadFailed')}
          error={health.error}
          onRetry={() => void health.reload()}
        />
      ) : !data || checks.length === 0 ? (
        checking ? null : (
          <Empty
            header={t('health.view.empty.header')}
            description={t('health.view.empty.description')}
          />
        )
      ) : (
        <Stack space="space.200">
          <Summary data={data} />
          <Box as="ul" xcss={list} aria-label={t('health.view.title')}>
            {checks.map((c) => (
              <HealthCheckItem key={c.id} check={c} siteUrl={siteUrl} />
            ))}
          </Box>
        </Stack>
      )}
    </Stack>
  );
}

const list = xcss({ listStyle: 'none', padding: 'space.0', margin: 'space.0' });
const checkingBox = xcss({
  backgroundColor: 'color.background.information',
  padding: 'space.150',
  borderRadius: 'radius.small',
});
