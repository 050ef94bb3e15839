// Health: the seed recipe's preconditions read from Jira, as a checklist with what to do.
import Button from '@atlaskit/button/new';
import Heading from '@atlaskit/heading';
import Lozenge from '@atlaskit/lozenge';
import SectionMessage from '@atlaskit/section-message';
import { token } from '@atlaskit/tokens';
import { Box, Inline, Stack, Text, xcss } from '@atlaskit/primitives';
import type { HealthCheck } from '../../../../src/domain/schemas';
import { call } from '../../../shared/api';
import { formatDateTime, plural } from '../../../shared/format';
import { Empty, ErrorMessageBox, Loading } from '../../../shared/states';
import { useLoad } from '../../../shared/useLoad';

const LOOK: Record<
  HealthCheck['status'],
  {
    label: string;
    appearance: 'success' | 'moved' | 'removed';
    symbol: string;
    colour: string;
    text: string;
  }
> = {
  pass: {
    label: 'Pass',
    appearance: 'success',
    symbol: '✓',
    colour: token('color.icon.success'),
    text: 'passed',
  },
  warn: {
    label: 'Warning',
    appearance: 'moved',
    symbol: '!',
    colour: token('color.icon.warning'),
    text: 'warning',
  },
  fail: {
    label: 'Fail',
    appearance: 'removed',
    symbol: '✕',
    colour: token('color.icon.danger'),
    text: 'failed',
  },
};

function StatusIcon({ status }: { status: HealthCheck['status'] }) {
  const look = LOOK[status];
  return (
    <svg width="24" height="24" viewBox="0 0 24 24" aria-hidden="true" style={{ flexShrink: 0 }}>
      <circle cx="12" cy="12" r="11" fill={look.colour} />
      <text
        x="12"
        y="16.5"
        textAnchor="middle"
        fontSize="14"
        fontWeight="700"
        fill={token('color.icon.inverse')}
      >
        {look.symbol}
      </text>
    </svg>
  );
}

export default function HealthView() {
  const health = useLoad(() => call('getHealth', {}));
  const checks = health.data?.checks ?? [];
  const order = { fail: 0, warn: 1, pass: 2 } as const;
  const sorted = [...checks].sort((a, b) => order[a.status] - order[b.status]);
  const failing = checks.filter((c) => c.status === 'fail').length;
  const warning = checks.filter((c) => c.status === 'warn').length;

  return (
    <Stack space="space.200">
      <Inline spread="space-between" alignBlock="center" shouldWrap space="space.100">
        <Heading size="medium" as="h2">
          Health checks
        </Heading>
        <Button onClick={() => void health.reload()} isLoading={health.loading && !!health.data}>
          Refresh
        </Button>
      </Inline>
      <Text as="p" color="color.text.subtle">
        Checks that customers stay customers: customer groups must not get agent licences, new users
        must not get Jira Service Management by default, and each project needs its customer role.
      </Text>
      {health.loading && !health.data ? (
        <Loading label="Checking Jira" />
      ) : health.error && !health.data ? (
        <ErrorMessageBox
          title="The health checks could not run"
          message={health.error}
          onRetry={() => void health.reload()}
        />
      ) : checks.length === 0 ? (
        <Empty header="No checks" description="There is nothing to check yet." />
      ) : (
        <Stack space="space.200">
          {health.error ? (
            <ErrorMessageBox title="The checks could not be refreshed" message={health.error} />
          ) : null}
          <SectionMessage
            appearance={failing ? 'error' : warning ? 'warning' : 'success'}
            title={
              failing
                ? `${plural(failing, 'check')} failed`
                : warning
                  ? `${plural(warning, 'check')} need attention`
                  : 'All checks pass'
            }
          >
            <Text as="p">Checked {formatDateTime(health.data?.checkedAt)}.</Text>
          </SectionMessage>
          <Box as="ul" xcss={list} aria-label="Health checks">
            {sorted.map((c) => (
              <Box as="li" key={c.id} xcss={item} testId={`health-${c.id}`}>
                <Inline space="space.150" alignBlock="start">
                  <StatusIcon status={c.status} />
                  <Stack space="space.075" grow="fill">
                    <Inline space="space.100" alignBlock="center" shouldWrap>
                      <Text weight="medium">{c.title}</Text>
                      <Lozenge appearance={LOOK[c.status].appearance}>
                        {LOOK[c.status].label}
                      </Lozenge>
                    </Inline>
                    <Text as="p">{c.detail}</Text>
                    {c.action && c.status !== 'pass' ? (
                      <Box xcss={actionBox}>
                        <Text as="p">
                          <Text weight="medium">What to do: </Text>
                          {c.action}
                        </Text>
                      </Box>
                    ) : null}
                  </Stack>
                </Inline>
              </Box>
            ))}
          </Box>
        </Stack>
      )}
    </Stack>
  );
}

const list = xcss({ listStyle: 'none', padding: 'space.0', margin: 'space.0' });
const item = xcss({
  paddingBlock: 'space.200',
  paddingInline: 'space.100',
  margin: 'space.0',
  borderBlockEndWidth: 'border.width',
  borderBlockEndStyle: 'solid',
  borderBlockEndColor: 'color.border',
});
const actionBox = xcss({
  backgroundColor: 'color.background.neutral',
  padding: 'space.100',
  borderRadius: 'radius.small',
});
