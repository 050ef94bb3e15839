// A small bar chart of the recent runs: changes (adds + removals) and drift per run, oldest on the left.
import { Box, Inline, Text } from '@atlaskit/primitives';
import { token } from '@atlaskit/tokens';

import type { Run } from '../../../shared/contract';
import { formatShortDate } from '../../../shared/format';
import { formatNumber, t } from '../../../shared/i18n';
import { card } from '../../../shared/styles';

const W = 1000;
const H = 180;
const PAD_L = 28;
const PAD_B = 22;
const PAD_T = 8;

export function RunChart({ runs }: { runs: Run[] }) {
  // Applied runs only (previews change nothing), oldest first, the last 30.
  const data = runs
    .filter((r) => !r.dryRun)
    .slice(0, 30)
    .reverse();
  if (data.length === 0) return null;
  const max = Math.max(
    1,
    ...data.map((r) => Math.max(r.counts.adds + r.counts.removals, r.counts.drift)),
  );
  const slot = (W - PAD_L) / Math.max(data.length, 8);
  const bar = Math.max(3, Math.min(14, slot / 2 - 2));
  const y = (v: number) => PAD_T + (H - PAD_T - PAD_B) * (1 - v / max);
  const changesColour = token('color.chart.brand');
  const driftColour = token('color.chart.warning.bold');
  const axis = token('color.border');
  const label = token('color.text.subtlest');

  return (
    <Box xcss={card}>
      <Inline space="space.200" alignBlock="center" shouldWrap>
        <Text weight="medium">{t('runs.chart.title')}</Text>
        <Inline space="space.050" alignBlock="center">
          <svg width="10" height="10" aria-hidden="true">
            <rect width="10" height="10" rx="2" fill={changesColour} />
          </svg>
          <Text size="small">{t('runs.chart.changes')}</Text>
        </Inline>
        <Inline space="space.050" alignBlock="center">
          <svg width="10" height="10" aria-hidden="true">
            <rect width="10" height="10" rx="2" fill={driftColour} />
          </svg>
          <Text size="small">{t('runs.chart.drift')}</Text>
        </Inline>
      </Inline>
      <svg
        viewBox={`0 0 ${W} ${H}`}
        width="100%"
        style={{ display: 'block' }}
        role="img"
        aria-label={t('runs.chart.label', { n: data.length })}
        data-testid="run-chart"
      >
        <line x1={PAD_L} x2={W} y1={y(0)} y2={y(0)} stroke={axis} />
        <line x1={PAD_L} x2={W} y1={y(max)} y2={y(max)} stroke={axis} strokeDasharray="3 3" />
        <text x={PAD_L - 4} y={y(max) + 4} textAnchor="end" fontSize="11" fill={label}>
          {formatNumber(max)}
        </text>
        <text x={PAD_L - 4} y={y(0) + 4} textAnchor="end" fontSize="11" fill={label}>
          0
        </text>
        {data.map((r, i) => {
          const x = PAD_L + i * slot + slot / 2;
          const changes = r.counts.adds + r.counts.removals;
          return (
            <g key={r.id}>
              <title>
                {t('runs.chart.bar', {
                  when: formatShortDate(r.startedAt ?? r.createdAt),
                  changes,
                  drift: r.counts.drift,
                  errors: r.counts.errors,
                })}
              </title>
              <rect
                x={x - bar - 1}
                y={y(changes)}
                width={bar}
                height={Math.max(0, y(0) - y(changes))}
                rx="2"
                fill={changesColour}
              />
              <rect
                x={x + 1}
                y={y(r.counts.drift)}
                width={bar}
                height={Math.max(0, y(0) - y(r.counts.drift))}
                rx="2"
                fill={driftColour}
              />
              {i === 0 || i === data.length - 1 ? (
                <text x={x} y={H - 6} textAnchor="middle" fontSize="11" fill={label}>
                  {formatShortDate(r.startedAt ?? r.createdAt)}
                </text>
              ) : null}
            </g>
          );
        })}
      </svg>
    </Box>
  );
}
