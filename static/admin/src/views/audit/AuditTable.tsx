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
import { TableScroll } from '../../../../shared/TableScroll';
import { KIND_APPEARANCE, KIND_LABEL, rulesOf } from './audit-words';

const head = {
  cells: [
    { key: 'at', content: 'When', width: 14 },
    { key: 'kind', content: 'What', width: 14 },
    { key: 'message', content: 'Details', width: 50 },
    { key: 'project', content: 'Project', width: 9 },
    { key: 'actor', content: 'By', width: 13 },
  ],
};

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
        label="Audit log"
        head={head}
        rows={entries.map((e) => ({
          key: e.id,
          cells: [
            { key: 'at', content: <Text size="small">{formatDateTime(e.at)}</Text> },
            {
              key: 'kind',
              content: (
                <Lozenge appearance={KIND_APPEARANCE[e.kind] ?? 'default'}>
                  {KIND_LABEL[e.kind] ?? e.kind}
                </Lozenge>
              ),
            },
            {
              key: 'message',
              content: (
                <Stack space="space.050">
                  <Text>{e.message}</Text>
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
  if (id === 'app') return <Text size="small">The app</Text>;
  if (id === 'anonymous') return <Text size="small">Not signed in</Text>;
  if (id === 'closed-account') return <Text size="small">A closed account</Text>;
  const shown =
    id === viewer ? `You${name ? ` (${name})` : ''}` : (name ?? `Account …${id.slice(-6)}`);
  return (
    <Tooltip content={`Atlassian account ${id}`}>
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
      {known.length === 1 ? 'Rule' : 'Rules'}: {known.join(', ')}
    </Text>
  );
}
