// Audit: everything the app and admins did, newest first, with filters, "Load more" and a CSV export.
import Button from '@atlaskit/button/new';
import DynamicTable from '@atlaskit/dynamic-table';
import { ErrorMessage, Label } from '@atlaskit/form';
import Heading from '@atlaskit/heading';
import Lozenge from '@atlaskit/lozenge';
import Select, { AsyncSelect } from '@atlaskit/select';
import SectionMessage from '@atlaskit/section-message';
import Textfield from '@atlaskit/textfield';
import Tooltip from '@atlaskit/tooltip';
import { view } from '@forge/bridge';
import { Box, Inline, Stack, Text, xcss } from '@atlaskit/primitives';
import { useEffect, useMemo, useState } from 'react';
import {
  AuditKindSchema,
  ProjectKeySchema,
  type AuditEntry,
  type AuditKind,
} from '../../../shared/contract';
import { call, collectPages } from '../../../shared/api';
import type { AdminPayload } from '../../../shared/api';
import { downloadText, stamp, toCsv } from '../../../shared/download';
import { formatDateTime } from '../../../shared/format';
import { PagedView, usePaged } from '../../../shared/paged';
import { Empty } from '../../../shared/states';
import { useDebounced, useLoad } from '../../../shared/useLoad';
import { tableWrap } from '../../../shared/styles';

export const KIND_LABEL: Record<AuditKind, string> = {
  'binding-added': 'Group added',
  'binding-removed': 'Group removed',
  'binding-failed': 'Change failed',
  'binding-kept': 'Group left as someone else’s',
  'binding-adopted': 'Group adopted',
  'rule-saved': 'Rule saved',
  'rule-deleted': 'Rule deleted',
  'rules-imported': 'Rules imported',
  'settings-saved': 'Settings saved',
  'exclusion-requested': 'Exclusion requested',
  'exclusion-refused': 'Exclusion asked (not allowed)',
  'exclusion-approved': 'Exclusion approved',
  'exclusion-declined': 'Exclusion declined',
  'run-started': 'Run started',
  'run-finished': 'Run finished',
  'run-skipped': 'Run not started',
  'run-failed': 'Run failed',
  'lock-expired': 'Run lock expired',
  'access-refused': 'Access refused',
  'org-member-added': 'Organization member added',
  'org-member-removed': 'Organization member removed',
  'org-failed': 'Organization change failed',
  'org-linked': 'Organization linked',
  'org-member-kept': "Organization member left as a person's",
  'org-forgotten': 'Organization forgotten',
  'group-refused': 'Group refused',
};

const KIND_APPEARANCE: Partial<
  Record<AuditKind, 'success' | 'removed' | 'moved' | 'inprogress' | 'new' | 'default'>
> = {
  'binding-added': 'success',
  'binding-removed': 'removed',
  'binding-failed': 'removed',
  'org-member-added': 'success',
  'org-member-removed': 'removed',
  'org-failed': 'removed',
  'run-failed': 'removed',
  'access-refused': 'removed',
  'exclusion-refused': 'moved',
  'group-refused': 'moved',
  'lock-expired': 'moved',
  'rule-saved': 'new',
  'rule-deleted': 'new',
  'rules-imported': 'new',
  'settings-saved': 'new',
};

interface Option {
  value: string;
  label: string;
}

const EXPORT_CAP = 10_000;

/** The viewer's accountId (from the page's Forge context), to show their own entries as "You". */
function useViewer(): string | undefined {
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

/** The rules an entry credits: all that wanted a binding, or the one it is about. */
function rulesOf(e: AuditEntry): string[] {
  return e.ruleIds ?? (e.ruleId ? [e.ruleId] : []);
}

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

export default function AuditView() {
  const [projectText, setProjectText] = useState('');
  const [group, setGroup] = useState<Option | null>(null);
  const [rule, setRule] = useState<Option | null>(null);
  const [kind, setKind] = useState<Option | null>(null);
  const rules = useLoad(() => call('listRules', {}));
  const viewer = useViewer();
  const groupNames = useLoad(() => call('listSyncedGroups', {}));
  const projectKey = useDebounced(projectText.trim(), 400);
  const projectError =
    projectKey && !ProjectKeySchema.safeParse(projectKey).success
      ? ProjectKeySchema.safeParse(projectKey).error?.issues[0]?.message
      : undefined;

  const filter = useMemo((): AdminPayload<'getAudit'> => {
    const f: AdminPayload<'getAudit'> = {};
    if (projectKey && !projectError) f.projectKey = projectKey.toUpperCase();
    if (group) f.groupId = group.value;
    if (rule) f.ruleId = rule.value;
    if (kind) f.kind = kind.value as AuditKind;
    return f;
  }, [projectKey, projectError, group, rule, kind]);
  const filterKey = JSON.stringify(filter);

  const [actorNames, setActorNames] = useState<Record<string, string>>({});
  const entries = usePaged<AuditEntry>(
    async (cursor) => {
      const page = await call('getAudit', { ...filter, cursor });
      setActorNames((known) => ({ ...known, ...page.actorNames }));
      return page;
    },
    [filterKey],
  );
  const [exporting, setExporting] = useState(false);
  const [exportNote, setExportNote] = useState<{
    appearance: 'error' | 'information';
    text: string;
  }>();

  const ruleName = useMemo(
    () => new Map((rules.data ?? []).map((r) => [r.id, r.name])),
    [rules.data],
  );
  const groupName = useMemo(
    () => new Map((groupNames.data ?? []).map((g) => [g.groupId, g.name])),
    [groupNames.data],
  );

  async function exportCsv() {
    setExporting(true);
    setExportNote(undefined);
    try {
      const names = { ...actorNames };
      const { items, truncated } = await collectPages(async (c) => {
        const page = await call('getAudit', { ...filter, cursor: c });
        Object.assign(names, page.actorNames);
        return page;
      }, EXPORT_CAP);
      const csv = toCsv(items, [
        { header: 'When (UTC)', value: (e) => e.at },
        { header: 'What', value: (e) => KIND_LABEL[e.kind] ?? e.kind },
        { header: 'Kind', value: (e) => e.kind },
        { header: 'Message', value: (e) => e.message },
        { header: 'Project', value: (e) => e.projectKey },
        { header: 'Group id', value: (e) => e.groupId },
        { header: 'Group', value: (e) => (e.groupId ? groupName.get(e.groupId) : '') },
        { header: 'Rule ids', value: (e) => rulesOf(e).join('; ') },
        {
          header: 'Rules',
          value: (e) =>
            rulesOf(e)
              .flatMap((id) => ruleName.get(id) ?? [])
              .join('; '),
        },
        { header: 'Run id', value: (e) => e.runId },
        { header: 'Actor', value: (e) => names[e.actor] ?? '' },
        { header: 'Actor (accountId)', value: (e) => e.actor },
      ]);
      downloadText(`customer-role-sync-audit-${stamp()}.csv`, csv, 'text/csv;charset=utf-8');
      setExportNote({
        appearance: 'information',
        text: truncated
          ? `Exported the newest ${items.length} entries (the export stops at ${EXPORT_CAP}). Narrow the filters to export older entries.`
          : `Exported ${items.length} entries.`,
      });
    } catch (err) {
      setExportNote({ appearance: 'error', text: (err as Error).message });
    } finally {
      setExporting(false);
    }
  }

  const filtered = Object.keys(filter).length > 0;
  const kindOptions = AuditKindSchema.options.map((k) => ({ value: k, label: KIND_LABEL[k] ?? k }));
  const ruleOptions = (rules.data ?? []).map((r) => ({ value: r.id, label: r.name }));

  return (
    <Stack space="space.200">
      <Inline spread="space-between" alignBlock="center" shouldWrap space="space.100">
        <Heading size="medium" as="h2">
          Audit log
        </Heading>
        <Button
          onClick={() => void exportCsv()}
          isLoading={exporting}
          isDisabled={entries.items.length === 0}
        >
          Export CSV
        </Button>
      </Inline>
      <Text as="p" color="color.text.subtle">
        Every group the app added or removed, every rule and settings change, and every run, newest
        first.
      </Text>
      <Box xcss={filters} role="group" aria-label="Filters">
        <Box>
          <Label htmlFor="audit-project">Project key</Label>
          <Textfield
            id="audit-project"
            value={projectText}
            onChange={(e) => setProjectText(e.currentTarget.value)}
            placeholder="e.g. HR"
            isInvalid={!!projectError}
          />
          {projectError ? <ErrorMessage>{projectError}</ErrorMessage> : null}
        </Box>
        <Box>
          <Label htmlFor="audit-group">Group</Label>
          <AsyncSelect<Option>
            inputId="audit-group"
            isClearable
            cacheOptions
            defaultOptions
            loadOptions={async (q: string) =>
              (await call('listSyncedGroups', q.trim() ? { query: q.trim() } : {})).map((g) => ({
                value: g.groupId,
                label: g.name,
              }))
            }
            value={group}
            onChange={(o) => setGroup(o ?? null)}
            placeholder="Any group"
          />
        </Box>
        <Box>
          <Label htmlFor="audit-rule">Rule</Label>
          <Select<Option>
            inputId="audit-rule"
            isClearable
            options={ruleOptions}
            value={rule}
            onChange={(o) => setRule(o ?? null)}
            placeholder="Any rule"
            isLoading={rules.loading}
          />
        </Box>
        <Box>
          <Label htmlFor="audit-kind">What happened</Label>
          <Select<Option>
            inputId="audit-kind"
            isClearable
            options={kindOptions}
            value={kind}
            onChange={(o) => setKind(o ?? null)}
            placeholder="Anything"
          />
        </Box>
      </Box>
      {exportNote ? (
        <SectionMessage appearance={exportNote.appearance}>
          <Text as="p">{exportNote.text}</Text>
        </SectionMessage>
      ) : null}
      <PagedView
        paged={entries}
        loadingLabel="Loading the audit log"
        errorTitle="The audit log could not be loaded"
        empty={
          <Empty
            header={filtered ? 'No entries match these filters' : 'Nothing has happened yet'}
            description={
              filtered
                ? 'Clear a filter to see more.'
                : 'Saving rules and running them writes entries here.'
            }
          />
        }
        moreLabel="Load more"
        moreErrorTitle="More entries could not be loaded"
        end={
          <Text size="small" color="color.text.subtlest">
            That is every entry{filtered ? ' matching the filters' : ''}.
          </Text>
        }
      >
        <Box xcss={tableWrap}>
          <DynamicTable
            label="Audit log"
            head={{
              cells: [
                { key: 'at', content: 'When', width: 14 },
                { key: 'kind', content: 'What', width: 14 },
                { key: 'message', content: 'Details', width: 50 },
                { key: 'project', content: 'Project', width: 9 },
                { key: 'actor', content: 'By', width: 13 },
              ],
            }}
            rows={entries.items.map((e) => ({
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
        </Box>
      </PagedView>
    </Stack>
  );
}

const filters = xcss({
  display: 'grid',
  gridTemplateColumns: 'repeat(auto-fit, minmax(170px, 1fr))',
  gap: 'space.200',
});
