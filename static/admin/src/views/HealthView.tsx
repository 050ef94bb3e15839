// Health: the customer recipe's preconditions read from Jira, as a numbered checklist with what
// to do. The page shows the stored report; "Check now" asks for a new one.
import Button from '@atlaskit/button/new';
import Heading from '@atlaskit/heading';
import { Box, Inline, Stack, Text, xcss } from '@atlaskit/primitives';
import SectionMessage from '@atlaskit/section-message';
import Spinner from '@atlaskit/spinner';

import { HEALTH_REFRESH_HOURS } from '../../../shared/contract';
import { formatDateTime, plural } from '../../../shared/format';
import { Empty, ErrorMessageBox, Loading } from '../../../shared/states';
import { HealthCheckItem } from '../components/HealthCheckItem';
import { type HealthData, useHealth, useSiteUrl } from '../health';

function Summary({ data }: { data: HealthData }) {
  const n = (s: string) => data.checks.filter((c) => c.status === s).length;
  const [failing, warning, unknown] = [n('fail'), n('warn'), n('unknown')];
  const how = data.trigger === 'scheduled' ? 'by the hourly check' : 'on request';
  return (
    <SectionMessage
      appearance={failing ? 'error' : warning || unknown ? 'warning' : 'success'}
      title={
        failing
          ? `${plural(failing, 'check')} failed`
          : warning || unknown
            ? `${plural(warning + unknown, 'check')} need attention`
            : 'All checks pass'
      }
    >
      <Text as="p">
        Checked {formatDateTime(data.checkedAt)} {how}, with {plural(data.calls ?? 0, 'call')} to
        Jira
        {unknown ? `; ${plural(unknown, 'check')} could not be checked` : ''}.
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
          Health checks
        </Heading>
        <Button
          appearance="primary"
          onClick={() => void checkNow()}
          isLoading={!!checking && !waitedOut}
          isDisabled={health.loading && !data}
        >
          Check now
        </Button>
      </Inline>
      <Text as="p" color="color.text.subtle">
        Customers must stay customers: they take no agent seat, people no rule names do not become
        customers, and new users do not get Jira Service Management by default. The checks run every{' '}
        {HEALTH_REFRESH_HOURS} hours and when you press Check now; group members are read at most
        once a day.
      </Text>
      {requestError ? (
        <ErrorMessageBox
          title="The checks could not be started"
          error={requestError}
          onRetry={() => void checkNow()}
        />
      ) : null}
      {checking ? (
        <Box xcss={checkingBox} role="status" aria-live="polite">
          <Inline space="space.100" alignBlock="center">
            {waitedOut ? null : <Spinner size="small" label="Checking" />}
            <Text>
              {waitedOut
                ? `Still checking (asked ${formatDateTime(checking.requestedAt)}): a large site ` +
                  'takes a few minutes. Come back to this tab later.'
                : `Checking Jira (asked ${formatDateTime(checking.requestedAt)})…`}
            </Text>
          </Inline>
        </Box>
      ) : null}
      {health.loading && !data ? (
        <Loading label="Loading the last health report" />
      ) : health.error && !data ? (
        <ErrorMessageBox
          title="The health report could not be read"
          error={health.error}
          onRetry={() => void health.reload()}
        />
      ) : !data || checks.length === 0 ? (
        checking ? null : (
          <Empty
            header="Not checked yet"
            description="Press Check now to read the site's licences, product access and permission schemes."
          />
        )
      ) : (
        <Stack space="space.200">
          <Summary data={data} />
          <Box as="ul" xcss={list} aria-label="Health checks">
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
