// One health check: its number and status, what was found, who or what it affects (the first
// 50), what to do, the Jira screen where it is fixed, and what reading it cost.
import LinkButton from '@atlaskit/button/link';
import Lozenge from '@atlaskit/lozenge';
import { Anchor, Box, Inline, Stack, Text, xcss } from '@atlaskit/primitives';
import { token } from '@atlaskit/tokens';

import type { HealthCheck, HealthStatus } from '../../../shared/contract';
import { t } from '../../../shared/i18n';
import {
  affectedHeading,
  affectedLabel,
  checkAction,
  checkDetail,
  checkTitle,
  itemNote,
  linkLabel,
  statusLabel,
} from '../health-words';

export const LOOK: Record<
  HealthStatus,
  {
    appearance: 'success' | 'moved' | 'removed' | 'default';
    symbol: string;
    colour: string;
  }
> = {
  pass: { appearance: 'success', symbol: '✓', colour: token('color.icon.success') },
  warn: {
    appearance: 'moved',
    symbol: '!',
    colour: token('color.icon.warning'),
  },
  fail: { appearance: 'removed', symbol: '✕', colour: token('color.icon.danger') },
  unknown: {
    appearance: 'default',
    symbol: '?',
    colour: token('color.icon.subtle'),
  },
};

function StatusIcon({ status }: { status: HealthStatus }) {
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

/** A Jira screen: a path relative to the site URL (an absolute URL is kept as is). */
export function siteHref(siteUrl: string, href: string): string {
  return /^https?:\/\//.test(href) ? href : `${siteUrl}${href}`;
}

function Affected({
  affected,
  siteUrl,
}: {
  affected: NonNullable<HealthCheck['affected']>;
  siteUrl: string;
}) {
  const more = affected.total - affected.items.length;
  return (
    <Stack space="space.050">
      <Text weight="medium">
        {affectedHeading(affected.noun, affected.items.length, affected.total)}
      </Text>
      <Box as="ul" xcss={affectedList} aria-label={affectedLabel(affected.noun)}>
        {affected.items.map((i) => (
          <Box as="li" key={i.id} xcss={affectedItem}>
            <Text>
              {i.href ? (
                <Anchor href={siteHref(siteUrl, i.href)} target="_blank">
                  {i.label}
                </Anchor>
              ) : (
                <Text weight="medium">{i.label}</Text>
              )}
              {itemNote(i) ? <Text color="color.text.subtle"> — {itemNote(i)}</Text> : null}
            </Text>
          </Box>
        ))}
      </Box>
      {more > 0 ? (
        <Text color="color.text.subtle">{t('health.affected.more', { count: more })}</Text>
      ) : null}
    </Stack>
  );
}

export function HealthCheckItem({ check, siteUrl }: { check: HealthCheck; siteUrl: string }) {
  const look = LOOK[check.status];
  const open = check.status !== 'pass';
  return (
    <Box as="li" xcss={item} testId={`health-${check.id}`}>
      <Inline space="space.150" alignBlock="start">
        <StatusIcon status={check.status} />
        <Stack space="space.100" grow="fill">
          <Inline space="space.100" alignBlock="center" shouldWrap>
            <Text color="color.text.subtle">{t('health.item.number', { n: check.number })}</Text>
            <Text weight="medium">{checkTitle(check)}</Text>
            <Lozenge appearance={look.appearance}>{statusLabel(check.status)}</Lozenge>
          </Inline>
          <Text as="p">{checkDetail(check)}</Text>
          {check.affected && check.affected.items.length ? (
            <Affected affected={check.affected} siteUrl={siteUrl} />
          ) : null}
          {check.action && open ? (
            <Box xcss={actionBox}>
              <Text as="p">
                <Text weight="medium">{t('health.item.whatToDo')} </Text>
                {checkAction(check)}
              </Text>
            </Box>
          ) : null}
          <Inline space="space.150" alignBlock="center" shouldWrap>
            {check.link && open ? (
              <LinkButton
                href={siteHref(siteUrl, check.link.href)}
                target="_blank"
                appearance="default"
              >
                {linkLabel(check.link.label)}
              </LinkButton>
            ) : null}
          </Inline>
        </Stack>
      </Inline>
    </Box>
  );
}

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
const affectedList = xcss({
  margin: 'space.0',
  paddingInlineStart: 'space.250',
  maxHeight: '240px',
  overflowY: 'auto',
});
const affectedItem = xcss({ marginBlock: 'space.025' });
