// The audit log's entries as a table: when, what, the details with the rules credited, the
// project, and who (the viewer's own entries as "You").
import DynamicTable from '@atlaskit/dynamic-table';
import Lozenge from '@atlaskit/lozenge';
import { Box, Stack, Text, xcss } from '@atlaskit/primitives';
import Tooltip from '@atlaskit/tooltip';
import { view } from '@forge/bridge';
import { useEffect, useState } from 'react';

import type { AuditEntry } from '../../../../shared/contract';
import { formatDateTime } from '../../../../shared/format';
import { t } from '../../../../shared/i18n';
import { TableScroll } from '../../../../shared/TableScroll';
import { auditSentence, KIND_APPEARANCE, kindLabel, rulesOf } from './audit-words';

const head = () => ({
  cells: [
    { key: 'at', content: t('audit.column.at'), width: 14 },
    { key: 'kind', content: t('audit.column.kind'), width: 14 },
    { key: 'message', content: t('audit.column.message'), width: 50 },
    { key: 'project', content: t('audit.column.project'), width: 9 },
    { key: 'actor', content: t('audit.column.actor'), width: 13 },
  ],
});

export function AuditTable({
  entries,
  ruleName,
  actorNames,
  viewer,
}: {
  entries: AuditEntry[];
  ruleName: Map<string, string>;
  actorNames: Record<string, string>;
  viewer?: string;
}) {
  return (
    <TableScroll>
      <DynamicTable
        label={t('audit.title')}
        head={head()}
        rows={entries.map((e) => ({
          key: e.id,
          cells: [
            { key: 'at', content: <Text size="small">{formatDateTime(e.at)}</Text> },
            {
              key: 'kind',
              content: (
                <Lozenge appearance={KIND_APPEARANCE[e.kind] ?? 'default'}>
                  {kindLabel(e.kind)}
                </Lozenge>
              ),
            },
            {
              key: 'message',
              content: (
                <Stack space="space.050">
                  <Text>{auditSentence(e)}</Text>
                  <RulesLine ids={rulesOf(e)} names={ruleName} />
                </Stack>
              ),
            },
            { key: 'project', content: <Text>{e.projectKey ?? ''}</Text> },
            {
              key: 'actor',
              content: <Actor id={e.actor} viewer={viewer} name={actorNames[e.actor]} />,
            },
          ],
        }))}
      />
    </TableScroll>
  );
}

/** The viewer's accountId (from the page's Forge context), to show their own entries as "You". */
export function useViewer(): string | undefined {
  const [viewer, setViewer] = useState<string>();
  useEffect(() => {
    view.getContext().then(
      (c) => setViewer(c.accountId),
      () => undefined,
    );
  }, []);
  return viewer;
}

/** The person's display name (resolved by getAudit), with the account id on hover. */
function Actor({ id, viewer, name }: { id: string; viewer?: string; name?: string }) {
  if (id === 'app') return <Text size="small">{t('audit.actor.app')}</Text>;
  if (id === 'anonymous') return <Text size="small">{t('audit.actor.anonymous')}</Text>;
  if (id === 'closed-account') return <Text size="small">{t('privacy.closedAccount')}</Text>;
  const shown =
    id === viewer
      ? name
        ? t('audit.actor.youNamed', { name })
        : t('audit.actor.you')
      : (name ?? t('audit.actor.account', { id: id.slice(-6) }));
  return (
    <Tooltip content={t('audit.actor.tooltip', { id })}>
      <Box xcss={actorId} tabIndex={0} testId="audit-actor">
        <Text size="small">{shown}</Text>
      </Box>
    </Tooltip>
  );
}
const actorId = xcss({ display: 'inline-block' });

/** Every rule that wanted the change, by name ("Rules: IT customers, All customers"). */
function RulesLine({ ids, names }: { ids: string[]; names: Map<string, string> }) {
  const known = ids.flatMap((id) => (names.has(id) ? [names.get(id)!] : []));
  if (known.length === 0) return null;
  return (
    <Text size="small" color="color.text.subtlest">
      {t('audit.rules', { count: known.length, names: known.join(', ') })}
    </Text>
  );
}
