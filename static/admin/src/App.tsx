// The admin page: one Jira-like page with a tab per view.
import Badge from '@atlaskit/badge';
import { FlagsProvider } from '@atlaskit/flag';
import PageHeader from '@atlaskit/page-header';
import { Box, xcss } from '@atlaskit/primitives';
import Tabs, { Tab, TabList, TabPanel } from '@atlaskit/tabs';
import { lazy, type ReactNode, Suspense, useCallback, useEffect, useRef, useState } from 'react';

import { call } from '../../shared/api';
import { t } from '../../shared/i18n';
import { Loading } from '../../shared/states';
import { useLoad } from '../../shared/useLoad';
import { healthLook } from './components/SummaryCard';
import { useRoute } from './route';
import { TabBoundary } from './TabBoundary';
import { tabLabel, type TabName, TABS } from './tabs';
import { RulesView } from './views/RulesView';

const PreviewView = lazy(() => import('./views/PreviewView'));
const RunsView = lazy(() => import('./views/RunsView'));
const HealthView = lazy(() => import('./views/HealthView'));
const AuditView = lazy(() => import('./views/AuditView'));
const SettingsView = lazy(() => import('./views/SettingsView'));
const RequestsView = lazy(() => import('./views/RequestsView'));

export { type TabName, TABS } from './tabs';

const pageStyles = xcss({
  maxWidth: '1280px',
  marginInline: 'auto',
  paddingInline: 'space.400',
  paddingBlockEnd: 'space.800',
});

const panelStyles = xcss({ width: '100%', paddingBlockStart: 'space.300' });

export interface Navigate {
  /** Open a view; for Preview, optionally for one rule; for Runs, optionally a run's detail. */
  (tab: TabName, opts?: { ruleId?: string; runId?: string; start?: boolean }): void;
}

/**
 * A tab's name stays its word (what a user says and tests name it by); its badge is hidden from
 * screen readers, which hear the same state as the tab's description (aria-describedby).
 */
const TABS_WRAP =
  '.crs-tabs [role="tablist"] { flex-wrap: wrap; row-gap: 4px; }' +
  ' .crs-tabs [role="tab"] { flex-shrink: 0; max-width: none; min-width: auto; overflow: visible; }' +
  ' .crs-tabs [role="tab"] span { overflow: visible; text-overflow: clip; }';

function TabLabel({
  tab,
  badge,
  description,
}: {
  tab: TabName;
  badge: ReactNode;
  description: string;
}) {
  const id = `tab-note-${tab.toLowerCase()}`;
  const ref = useRef<HTMLSpanElement>(null);
  useEffect(() => {
    const el = ref.current?.closest('[role="tab"]');
    el?.setAttribute('aria-describedby', id);
    return () => el?.removeAttribute('aria-describedby');
  }, [id]);
  return (
    <span ref={ref} style={{ whiteSpace: 'nowrap' }}>
      {tabLabel(tab)}
      <span aria-hidden="true" style={{ marginInlineStart: 6 }}>
        {badge}
      </span>
      <span id={id} hidden>
        {description}
      </span>
    </span>
  );
}

export function App() {
  return (
    <FlagsProvider>
      <AdminPage />
    </FlagsProvider>
  );
}

/** One tab's panel: its own error boundary, and a loading state while its code arrives. */
function Panel({
  tab,
  loading,
  children,
}: {
  tab: TabName;
  loading?: string;
  children: ReactNode;
}) {
  return (
    <TabPanel>
      <Box xcss={panelStyles}>
        <TabBoundary tab={tab}>
          {loading ? (
            <Suspense fallback={<Loading label={loading} />}>{children}</Suspense>
          ) : (
            children
          )}
        </TabBoundary>
      </Box>
    </TabPanel>
  );
}

function AdminPage() {
  // The place (tab, rule previewed, run opened) is in Jira's address: a reload keeps it.
  const [route, go] = useRoute();
  const selected = TABS.indexOf(route.tab);
  // One cheap read (stored records only) for the Rules tab's card and the tabs' badges.
  const summary = useLoad(() => call('getSummary', {}));
  const reloadSummary = summary.reload;
  // What Preview and Runs showed last, for a return to their tab.
  const [previewRuleId, setPreviewRuleId] = useState<string | undefined>();
  /** The Preview tab starts its preview at once (a rule just created). */
  const [previewStart, setPreviewStart] = useState(false);
  const [openRunId, setOpenRunId] = useState<string | undefined>();
  useEffect(() => {
    if (route.tab === 'Preview') setPreviewRuleId(route.ruleId);
    if (route.tab === 'Runs') setOpenRunId(route.runId);
  }, [route]);

  const navigate = useCallback<Navigate>(
    (tab, opts) => {
      // A rule just created is previewed at once (its preview starts without a click).
      setPreviewStart(tab === 'Preview' && !!opts?.start);
      go({
        tab,
        ...(opts?.ruleId ? { ruleId: opts.ruleId } : {}),
        ...(opts?.runId ? { runId: opts.runId } : {}),
      });
    },
    [go],
  );
  const openTab = (index: number) => {
    const tab = TABS[index];
    if (tab === 'Preview') go({ tab, ...(previewRuleId ? { ruleId: previewRuleId } : {}) });
    else if (tab === 'Runs') go({ tab, ...(openRunId ? { runId: openRunId } : {}) });
    else go({ tab });
  };

  const health = summary.data?.health;
  const pending = summary.data?.pendingRequests ?? 0;
  const label = (tab: TabName) => {
    if (tab === 'Health' && health && health.status !== 'pass' && health.status !== 'unchecked') {
      const look = healthLook(health.status);
      return (
        <TabLabel
          tab={tab}
          badge={
            <Badge appearance={health.status === 'fail' ? 'important' : 'default'}>
              {health.status === 'fail' ? health.failing.length : '!'}
            </Badge>
          }
          description={t('admin.tabs.healthState', { state: look.label })}
        />
      );
    }
    if (tab === 'Requests' && pending)
      return (
        <TabLabel
          tab={tab}
          badge={<Badge appearance="primary">{pending}</Badge>}
          description={t('admin.tabs.waiting', { count: pending })}
        />
      );
    return tabLabel(tab);
  };

  return (
    <Box xcss={pageStyles}>
      <PageHeader>{t('app.title')}</PageHeader>
      <Box as="p" xcss={xcss({ color: 'color.text.subtle', marginBlockEnd: 'space.200' })}>
        {t('admin.intro')}
      </Box>
      {/* Longer tab names (German, French) wrap onto a second line rather than being cut. */}
      <style>{TABS_WRAP}</style>
      <div className="crs-tabs">
        <Tabs
          id="crs-tabs"
          selected={selected}
          onChange={(index) => {
            openTab(index);
            // Back on Rules: the card shows what happened meanwhile.
            if (index === 0) void reloadSummary();
          }}
        >
          <TabList>
            {TABS.map((tab) => (
              <Tab key={tab} testId={`tab-${tab.toLowerCase()}`}>
                {label(tab)}
              </Tab>
            ))}
          </TabList>
          <Panel tab="Rules">
            <RulesView navigate={navigate} summary={summary.data} />
          </Panel>
          <Panel tab="Preview" loading={t('admin.loading.preview')}>
            <PreviewView
              ruleId={previewRuleId}
              startNow={previewStart}
              onStarted={() => setPreviewStart(false)}
              onRuleIdChange={(ruleId) => go({ tab: 'Preview', ...(ruleId ? { ruleId } : {}) })}
              navigate={navigate}
            />
          </Panel>
          <Panel tab="Runs" loading={t('admin.loading.runs')}>
            <RunsView
              openRunId={openRunId}
              onOpenRun={(runId) => go({ tab: 'Runs', ...(runId ? { runId } : {}) })}
              onPreview={() => navigate('Preview')}
            />
          </Panel>
          <Panel tab="Health" loading={t('admin.loading.health')}>
            <HealthView />
          </Panel>
          <Panel tab="Requests" loading={t('admin.loading.requests')}>
            <RequestsView
              onDecided={() => void reloadSummary()}
              onPreview={(ruleId) => navigate('Preview', { ruleId })}
            />
          </Panel>
          <Panel tab="Audit" loading={t('admin.loading.audit')}>
            <AuditView />
          </Panel>
          <Panel tab="Settings" loading={t('admin.loading.settings')}>
            <SettingsView />
          </Panel>
        </Tabs>
      </div>
    </Box>
  );
}
