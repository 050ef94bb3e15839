// Audit: everything the app and admins did, newest first, with filters, "Load more" and a CSV export.
// Its filters, table and words are in ./audit.
import Button from '@atlaskit/button/new';
import Heading from '@atlaskit/heading';
import { Inline, Stack, Text } from '@atlaskit/primitives';
import SectionMessage from '@atlaskit/section-message';
import { useMemo, useState } from 'react';

import { call, collectPages } from '../../../shared/api';
import type { AuditEntry } from '../../../shared/contract';
import { downloadText, stamp } from '../../../shared/download';
import { t } from '../../../shared/i18n';
import { PagedView, usePaged } from '../../../shared/paged';
import { Empty } from '../../../shared/states';
import { useLoad } from '../../../shared/useLoad';
import { auditCsv } from './audit/audit-words';
import { AuditFilters, useAuditFilter } from './audit/AuditFilters';
import { AuditTable, useViewer } from './audit/AuditTable';

const EXPORT_CAP = 10_000;

export default function AuditView() {
  const state = useAuditFilter();
  const { filter } = state;
  const rules = useLoad(() => call('listRules', {}));
  const viewer = useViewer();
  const groupNames = useLoad(() => call('listSyncedGroups', {}));
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
      const csv = auditCsv(items, groupName, ruleName, names);
      downloadText(`customer-role-sync-audit-${stamp()}.csv`, csv, 'text/csv;charset=utf-8');
      setExportNote({
        appearance: 'information',
        text: truncated
          ? t('audit.exportedNewest', { count: items.length, cap: EXPORT_CAP })
          : t('audit.exported', { count: items.length }),
      });
    } catch (err) {
      setExportNote({ appearance: 'error', text: (err as Error).message });
    } finally {
      setExporting(false);
    }
  }

  const filtered = Object.keys(filter).length > 0;
  const ruleOptions = (rules.data ?? []).map((r) => ({ value: r.id, label: r.name }));

  return (
    <Stack space="space.200">
      <Inline spread="space-between" alignBlock="center" shouldWrap space="space.100">
        <Heading size="medium" as="h2">
          {t('audit.title')}
        </Heading>
        <Button
          onClick={() => void exportCsv()}
          isLoading={exporting}
          isDisabled={entries.items.length === 0}
        >
          {t('audit.exportCsv')}
        </Button>
      </Inline>
      <Text as="p" color="color.text.subtle">
        {t('audit.intro')}
      </Text>
      <AuditFilters state={state} ruleOptions={ruleOptions} rulesLoading={rules.loading} />
      {exportNote ? (
        <SectionMessage appearance={exportNote.appearance}>
          <Text as="p">{exportNote.text}</Text>
        </SectionMessage>
      ) : null}
      <PagedView
        paged={entries}
        loadingLabel={t('audit.loading')}
        errorTitle={t('audit.loadFailed')}
        empty={
          <Empty
            header={filtered ? t('audit.empty.filteredHeader') : t('audit.empty.header')}
            description={
              filtered ? t('audit.empty.filteredDescription') : t('audit.empty.description')
            }
          />
        }
        moreLabel={t('audit.more')}
        moreErrorTitle={t('audit.moreFailed')}
        end={
          <Text size="small" color="color.text.subtlest">
            {filtered ? t('audit.endFiltered') : t('audit.end')}
          </Text>
        }
      >
        <AuditTable
          entries={entries.items}
          ruleName={ruleName}
          actorNames={actorNames}
          viewer={viewer}
        />
      </PagedView>
    </Stack>
  );
}
